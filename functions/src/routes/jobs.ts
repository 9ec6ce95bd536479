import { Hono } from "hono";
import { notFound } from "../domain/errors";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import { viewJob } from "../services/jobs";

/** Mounted at /api/jobs: the status of a reanalysis or a study erasure. */
export const jobRoutes = new Hono<AppEnv>().get("/:id", async (c) => {
  const id = idParam(c, "job");
  const job = await c.var.deps.jobs.get(id);
  if (!job) throw notFound("job", id);
  return c.json(viewJob(job));
});
