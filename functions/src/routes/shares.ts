import { createRoute, z } from "@hono/zod-openapi";
import { revokeShare, type ShareView, viewShare } from "../domain/share";
import { idParams, json, NO_CONTENT, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { loadShare } from "../services/shares";
import { loadStudy } from "./studies";

const ShareViewSchema = shaped<ShareView>("A share link: what it shows, who made it, when, and its status");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Share links of a study, newest first: who made each, when, and whether it still works",
  request: { params: idParams("study") },
  responses: { 200: json(z.object({ items: z.array(ShareViewSchema) }), "The links"), ...problems(400, 404) },
});

/** Mounted at /api/studies/:id/shares. */
export const studyShareRoutes = apiRouter().openapi(list, async (c) => {
  const study = await loadStudy(c, c.req.valid("param").id);
  const now = c.var.deps.now();
  const items = (await c.var.deps.shares.listByStudy(study.id)).map((s) => viewShare(s, now));
  return c.json({ items: items.reverse() }, 200);
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke a share link: it then answers 410; the share stays listed as revoked",
  request: { params: idParams("share") },
  responses: { 204: NO_CONTENT, ...problems(400, 404) },
});

/** Mounted at /api/shares. */
export const shareRoutes = apiRouter().openapi(revoke, async (c) => {
  const { deps } = c.var;
  const share = await loadShare(deps, c.req.valid("param").id);
  await deps.shares.put(revokeShare(share, c.var.principal.name, deps.now()));
  return c.body(null, 204);
});
