import { Hono } from "hono";
import {
  annotationInputSchema,
  annotationPatchSchema,
  createAnnotation,
  patchAnnotation,
} from "../domain/annotation";
import { invalid, notFound } from "../domain/errors";
import { readJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import { loadStudy } from "./studies";

async function sessionContext(c: { var: AppEnv["Variables"] }, sessionId: string) {
  const detail = await c.var.deps.sessions.detail(sessionId);
  if (!detail) throw notFound("session", sessionId);
  const study = await loadStudy(c, detail.session.studyId);
  return { study, visits: detail.stepVisits, session: detail.session };
}

/** Mounted at /api/sessions/:id/annotations. */
export const sessionAnnotationRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const id = idParam(c, "session");
    const session = await c.var.deps.sessions.get(id);
    if (!session) throw notFound("session", id);
    return c.json({ items: await c.var.deps.annotations.listBySession(session.studyId, id) });
  })
  .post("/", async (c) => {
    const { deps } = c.var;
    const sessionId = idParam(c, "session");
    const input = await readJson(c, annotationInputSchema);
    const ctx = await sessionContext(c, sessionId);
    const result = createAnnotation(input, {
      ...ctx,
      sessionId,
      author: c.var.principal.name,
      now: deps.now(),
    });
    if (!result.ok) throw invalid("The annotation does not fit this session.", result.issues);
    await deps.annotations.put(result.annotation);
    await deps.sessions.countAnnotations(sessionId, 1);
    return c.json(result.annotation, 201);
  });

/** Mounted at /api/annotations. */
export const annotationRoutes = new Hono<AppEnv>()
  .patch("/:id", async (c) => {
    const { deps } = c.var;
    const id = idParam(c, "annotation");
    const patch = await readJson(c, annotationPatchSchema);
    const current = await deps.annotations.get(id);
    if (!current) throw notFound("annotation", id);
    const ctx = await sessionContext(c, current.sessionId);
    const result = patchAnnotation(current, patch, { ...ctx, now: deps.now() });
    if (!result.ok) throw invalid("The change does not fit this session.", result.issues);
    await deps.annotations.put(result.annotation);
    return c.json(result.annotation);
  })
  .delete("/:id", async (c) => {
    const { deps } = c.var;
    const id = idParam(c, "annotation");
    const current = await deps.annotations.get(id);
    if (!current) throw notFound("annotation", id);
    await deps.annotations.delete(id);
    await deps.sessions.countAnnotations(current.sessionId, -1);
    return c.body(null, 204);
  });
