import { createRoute } from "@hono/zod-openapi";
import { notFound } from "../domain/errors";
import { idParams, json, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { type JobView, viewJob } from "../services/jobs";

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A job's status (queued, running, succeeded, failed) and, once done, its result",
  request: { params: idParams("job") },
  responses: { 200: json(shaped<JobView>("The job"), "The job"), ...problems(400, 404) },
});

/** Mounted at /api/jobs: the status of a reanalysis or a study erasure. */
export const jobRoutes = apiRouter().openapi(read, async (c) => {
  const { id } = c.req.valid("param");
  const job = await c.var.deps.jobs.get(id);
  if (!job) throw notFound("job", id);
  return c.json(viewJob(job), 200);
});
