import { Hono } from "hono";
import { clipInputSchema, clipPatchSchema, createClip, patchClip } from "../domain/clip";
import { invalid } from "../domain/errors";
import { shareInputSchema } from "../domain/share";
import { readJson, readOptionalJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import { clipContext, loadClip } from "../services/clips";
import { mintShare } from "../services/shares";
import { loadSession } from "./sessions";
import { loadStudy } from "./studies";

/** Mounted at /api/sessions/:id/clips. */
export const sessionClipRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const session = await loadSession(c, idParam(c, "session"));
    return c.json({ items: await c.var.deps.clips.listBySession(session.studyId, session.id) });
  })
  .post("/", async (c) => {
    const { deps } = c.var;
    const sessionId = idParam(c, "session");
    const input = await readJson(c, clipInputSchema);
    const ctx = await clipContext(deps, sessionId, deps.now());
    const result = createClip(input, c.var.principal.name, ctx);
    if (!result.ok) throw invalid("The clip does not fit this session.", result.issues);
    await deps.clips.put(result.clip);
    c.header("Location", `/api/clips/${result.clip.id}`);
    return c.json(result.clip, 201);
  });

/** Mounted at /api/studies/:id/clips. */
export const studyClipRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const study = await loadStudy(c, idParam(c, "study"));
  return c.json({ items: await c.var.deps.clips.listByStudy(study.id) });
});

/** Mounted at /api/clips. */
export const clipRoutes = new Hono<AppEnv>()
  .get("/:id", async (c) => c.json(await loadClip(c.var.deps, idParam(c, "clip"))))
  .patch("/:id", async (c) => {
    const { deps } = c.var;
    const current = await loadClip(deps, idParam(c, "clip"));
    const patch = await readJson(c, clipPatchSchema);
    const result = patchClip(current, patch, await clipContext(deps, current.sessionId, deps.now()));
    if (!result.ok) throw invalid("The change does not fit this session.", result.issues);
    await deps.clips.put(result.clip);
    return c.json(result.clip);
  })
  .delete("/:id", async (c) => {
    const clip = await loadClip(c.var.deps, idParam(c, "clip"));
    await c.var.deps.clips.delete(clip.id);
    return c.body(null, 204);
  })
  .post("/:id/share", async (c) => {
    const { deps } = c.var;
    const clip = await loadClip(deps, idParam(c, "clip"));
    const input = await readOptionalJson(c, shareInputSchema);
    const { share: _s, ...out } = await mintShare(deps, input, {
      studyId: clip.studyId,
      target: { kind: "clip", id: clip.id },
      title: clip.title,
      by: c.var.principal.name,
      origin: new URL(c.req.url).origin,
    });
    return c.json(out, 201);
  });
