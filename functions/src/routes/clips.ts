import { createRoute, z } from "@hono/zod-openapi";
import { type Clip, clipInputSchema, clipPatchSchema, createClip, patchClip } from "../domain/clip";
import { conflict, invalid } from "../domain/errors";
import { shareInputSchema } from "../domain/share";
import { idempotencyHeaders, idempotentId } from "../http/idempotency";
import { BODY_PROBLEMS, idParams, json, jsonBody, NO_CONTENT, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { clipContext, loadClip } from "../services/clips";
import { mintShare } from "../services/shares";
import { loadSession } from "./sessions";
import { loadStudy } from "./studies";

export const ClipSchema = shaped<Clip>("A time range of one session (ms from its first event) with a title");
export const ShareLinkSchema = z
  .object({ id: z.string(), url: z.string(), expiresAt: z.string() })
  .openapi("ShareLink", { description: "The link: `url` is `{APP}/s/{token}`; the token is shown only now" });
const items = z.object({ items: z.array(ClipSchema) });

const listOfSession = createRoute({
  method: "get",
  path: "/",
  summary: "A session's clips",
  request: { params: idParams("session") },
  responses: { 200: json(items, "The clips"), ...problems(400, 404) },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary:
    "Make a clip: a range inside the session (end after start) with a title. With an Idempotency-Key, a retry answers the clip the first request made",
  request: { params: idParams("session"), headers: idempotencyHeaders, body: jsonBody(clipInputSchema) },
  responses: {
    201: json(ClipSchema, "The new clip (or, for a retried key, the one it made)"),
    ...problems(...BODY_PROBLEMS, 404, 409),
  },
});

/** Mounted at /api/sessions/:id/clips. */
export const sessionClipRoutes = apiRouter()
  .openapi(listOfSession, async (c) => {
    const session = await loadSession(c, c.req.valid("param").id);
    return c.json({ items: await c.var.deps.clips.listBySession(session.studyId, session.id) }, 200);
  })
  .openapi(create, async (c) => {
    const { deps } = c.var;
    const sessionId = c.req.valid("param").id;
    const input = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const id = key ? idempotentId("clip", sessionId, key) : undefined;
    const earlier = id ? await deps.clips.get(id) : undefined;
    if (earlier) {
      const same = (["start", "end", "title", "note", "tag"] as const).every((k) => earlier[k] === input[k]);
      if (!same) throw conflict("This Idempotency-Key was used for another clip; send a new key.");
      c.header("Location", `/api/clips/${earlier.id}`);
      c.header("Idempotent-Replayed", "true");
      return c.json(earlier, 201);
    }
    const ctx = await clipContext(deps, sessionId, deps.now());
    const result = createClip(input, c.var.principal.name, ctx, id);
    if (!result.ok) throw invalid("The clip does not fit this session.", result.issues);
    await deps.clips.put(result.clip);
    c.header("Location", `/api/clips/${result.clip.id}`);
    return c.json(result.clip, 201);
  });

const listOfStudy = createRoute({
  method: "get",
  path: "/",
  summary: "Every clip of a study, oldest first",
  request: { params: idParams("study") },
  responses: { 200: json(items, "The clips"), ...problems(400, 404) },
});

/** Mounted at /api/studies/:id/clips. */
export const studyClipRoutes = apiRouter().openapi(listOfStudy, async (c) => {
  const study = await loadStudy(c, c.req.valid("param").id);
  return c.json({ items: await c.var.deps.clips.listByStudy(study.id) }, 200);
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Read a clip",
  request: { params: idParams("clip") },
  responses: { 200: json(ClipSchema, "The clip"), ...problems(400, 404) },
});

const change = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a clip's range, title, note or tag (an empty note removes it)",
  request: { params: idParams("clip"), body: jsonBody(clipPatchSchema) },
  responses: { 200: json(ClipSchema, "The changed clip"), ...problems(...BODY_PROBLEMS, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a clip (its share links then answer 404)",
  request: { params: idParams("clip") },
  responses: { 204: NO_CONTENT, ...problems(400, 404) },
});

const share = createRoute({
  method: "post",
  path: "/{id}/share",
  summary: "A share link to the clip, viewable without an account until it expires or is revoked",
  request: { params: idParams("clip"), body: jsonBody(shareInputSchema) },
  responses: { 201: json(ShareLinkSchema, "The new link"), ...problems(...BODY_PROBLEMS, 404) },
});

/** Mounted at /api/clips. */
export const clipRoutes = apiRouter()
  .openapi(read, async (c) => c.json(await loadClip(c.var.deps, c.req.valid("param").id), 200))
  .openapi(change, async (c) => {
    const { deps } = c.var;
    const current = await loadClip(deps, c.req.valid("param").id);
    const ctx = await clipContext(deps, current.sessionId, deps.now());
    const result = patchClip(current, c.req.valid("json"), ctx);
    if (!result.ok) throw invalid("The change does not fit this session.", result.issues);
    await deps.clips.put(result.clip);
    return c.json(result.clip, 200);
  })
  .openapi(remove, async (c) => {
    const clip = await loadClip(c.var.deps, c.req.valid("param").id);
    await c.var.deps.clips.delete(clip.id);
    return c.body(null, 204);
  })
  .openapi(share, async (c) => {
    const { deps } = c.var;
    const clip = await loadClip(deps, c.req.valid("param").id);
    const link = await mintShare(deps, c.req.valid("json"), {
      studyId: clip.studyId,
      target: { kind: "clip", id: clip.id },
      title: clip.title,
      retainUntil: clip.retainUntil,
      by: c.var.principal.name,
      origin: new URL(c.req.url).origin,
    });
    return c.json(link, 201);
  });
