import { createRoute, z } from "@hono/zod-openapi";
import {
  type Annotation,
  annotationInputSchema,
  annotationPatchSchema,
  createAnnotation,
  patchAnnotation,
} from "../domain/annotation";
import { invalid, notFound } from "../domain/errors";
import { retainedUntil } from "../domain/retention";
import type { AppEnv } from "../http/env";
import { BODY_PROBLEMS, idParams, json, jsonBody, NO_CONTENT, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { requestAggregate } from "../services/jobs";
import { loadStudy } from "./studies";

async function sessionContext(c: { var: AppEnv["Variables"] }, sessionId: string) {
  const detail = await c.var.deps.sessions.detail(sessionId);
  if (!detail) throw notFound("session", sessionId);
  const study = await loadStudy(c, detail.session.studyId);
  return { study, visits: detail.stepVisits, session: detail.session };
}

const AnnotationSchema = shaped<Annotation>("A friction moment a reviewer tagged");

const listOfSession = createRoute({
  method: "get",
  path: "/",
  summary: "A session's annotations",
  request: { params: idParams("session") },
  responses: {
    200: json(z.object({ items: z.array(AnnotationSchema) }), "The annotations"),
    ...problems(400, 404),
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Tag a friction moment",
  request: { params: idParams("session"), body: jsonBody(annotationInputSchema) },
  responses: { 201: json(AnnotationSchema, "The new annotation"), ...problems(...BODY_PROBLEMS, 404) },
});

/** Mounted at /api/sessions/:id/annotations. */
export const sessionAnnotationRoutes = apiRouter()
  .openapi(listOfSession, async (c) => {
    const { id } = c.req.valid("param");
    const session = await c.var.deps.sessions.get(id);
    if (!session) throw notFound("session", id);
    return c.json({ items: await c.var.deps.annotations.listBySession(session.studyId, id) }, 200);
  })
  .openapi(create, async (c) => {
    const { deps } = c.var;
    const sessionId = c.req.valid("param").id;
    const ctx = await sessionContext(c, sessionId);
    const result = createAnnotation(c.req.valid("json"), {
      ...ctx,
      sessionId,
      author: c.var.principal.name,
      now: deps.now(),
    });
    if (!result.ok) throw invalid("The annotation does not fit this session.", result.issues);
    // Kept no longer than the session it is about.
    const annotation = retainedUntil(result.annotation, ctx.session.expiresAt);
    await deps.annotations.put(annotation);
    await deps.sessions.countAnnotations(sessionId, 1);
    await requestAggregate(deps, annotation.studyId);
    return c.json(annotation, 201);
  });

const change = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change an annotation",
  request: { params: idParams("annotation"), body: jsonBody(annotationPatchSchema) },
  responses: { 200: json(AnnotationSchema, "The changed annotation"), ...problems(...BODY_PROBLEMS, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete an annotation",
  request: { params: idParams("annotation") },
  responses: { 204: NO_CONTENT, ...problems(400, 404) },
});

/** Mounted at /api/annotations. */
export const annotationRoutes = apiRouter()
  .openapi(change, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const current = await deps.annotations.get(id);
    if (!current) throw notFound("annotation", id);
    const ctx = await sessionContext(c, current.sessionId);
    const result = patchAnnotation(current, c.req.valid("json"), { ...ctx, now: deps.now() });
    if (!result.ok) throw invalid("The change does not fit this session.", result.issues);
    await deps.annotations.put(result.annotation);
    await requestAggregate(deps, result.annotation.studyId);
    return c.json(result.annotation, 200);
  })
  .openapi(remove, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const current = await deps.annotations.get(id);
    if (!current) throw notFound("annotation", id);
    await deps.annotations.delete(id);
    await deps.sessions.countAnnotations(current.sessionId, -1);
    await requestAggregate(deps, current.studyId);
    return c.body(null, 204);
  });
