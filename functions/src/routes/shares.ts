import { Hono } from "hono";
import { revokeShare, viewShare } from "../domain/share";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import { loadShare } from "../services/shares";
import { loadStudy } from "./studies";

/** Mounted at /api/studies/:id/shares: who shared what, when, and whether it still works. */
export const studyShareRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const study = await loadStudy(c, idParam(c, "study"));
  const now = c.var.deps.now();
  const items = (await c.var.deps.shares.listByStudy(study.id)).map((s) => viewShare(s, now));
  return c.json({ items: items.reverse() });
});

/** Mounted at /api/shares. Revoking keeps the share listed; its link answers 410. */
export const shareRoutes = new Hono<AppEnv>().delete("/:id", async (c) => {
  const { deps } = c.var;
  const share = await loadShare(deps, idParam(c, "share"));
  await deps.shares.put(revokeShare(share, c.var.principal.name, deps.now()));
  return c.body(null, 204);
});
