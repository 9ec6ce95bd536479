import { createRoute } from "@hono/zod-openapi";
import { conflict, invalid, notFound } from "../domain/errors";
import {
  applyStudyPatch,
  createStudy,
  type Study,
  type StudyListItem,
  studyInputSchema,
  studyPatchSchema,
} from "../domain/study";
import type { AppEnv } from "../http/env";
import {
  BODY_PROBLEMS,
  idParams,
  json,
  jsonBody,
  pageOf,
  pageQuery,
  problems,
  shaped,
  toPage,
} from "../http/openapi";
import { apiRouter } from "../http/router";
import { PreconditionFailed } from "../ports";
import { type JobView, requestAggregate, startStudyJob, viewJob } from "../services/jobs";

export async function loadStudy(c: { var: AppEnv["Variables"] }, id: string) {
  const study = await c.var.deps.studies.get(id);
  if (!study) throw notFound("study", id);
  return study;
}

const StudySchema = shaped<Study>("A study with its tasks, journey steps and server fields");
const studyId = idParams("study");

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a study with its tasks and journey steps",
  request: { body: jsonBody(studyInputSchema) },
  responses: { 201: json(StudySchema, "The new study"), ...problems(...BODY_PROBLEMS) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List studies, newest first",
  request: { query: pageQuery },
  responses: {
    200: json(
      pageOf(shaped<StudyListItem>("A study in a list, with its session count")),
      "A page of studies",
    ),
    ...problems(400),
  },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Read a study",
  request: { params: studyId },
  responses: { 200: json(StudySchema, "The study"), ...problems(400, 404) },
});

const change = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a study (tasks are replaced whole)",
  request: { params: studyId, body: jsonBody(studyPatchSchema) },
  responses: { 200: json(StudySchema, "The changed study"), ...problems(...BODY_PROBLEMS, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Erase a study with its invites, sessions and recordings: a job (poll its location)",
  request: { params: studyId },
  responses: {
    202: json(shaped<JobView>("The erase job"), "Erasing: poll /api/jobs/{id}"),
    ...problems(400, 404),
  },
});

export const studyRoutes = apiRouter()
  .openapi(create, async (c) => {
    const { deps } = c.var;
    const study = createStudy(c.req.valid("json"), deps.now());
    await deps.studies.create(study);
    c.header("Location", `/api/studies/${study.id}`);
    return c.json(study, 201);
  })
  .openapi(list, async (c) => {
    const { deps } = c.var;
    const page = await deps.studies.list(toPage(c.req.valid("query")));
    const items = await Promise.all(
      page.items.map(async (s) => ({ ...s, sessionCount: await deps.sessions.countByStudy(s.id) })),
    );
    return c.json({ items, nextCursor: page.cursor ?? null }, 200);
  })
  .openapi(read, async (c) => c.json(await loadStudy(c, c.req.valid("param").id), 200))
  .openapi(change, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const current = await loadStudy(c, id);
    const result = applyStudyPatch(current, c.req.valid("json"), deps.now());
    if (!result.ok) throw invalid("The change would make the study invalid.", result.issues);
    try {
      await deps.studies.replace(result.study, current.version);
    } catch (err) {
      if (err instanceof PreconditionFailed) {
        throw conflict("The study was changed by someone else meanwhile; read it again and retry.");
      }
      throw err;
    }
    await requestAggregate(deps, id); // names, tasks and steps are the journey map's rows
    return c.json(result.study, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    await loadStudy(c, id);
    const job = await startStudyJob(c.var.deps, "erase-study", id);
    c.header("Location", `/api/jobs/${job.id}`);
    return c.json(viewJob(job), 202);
  });
