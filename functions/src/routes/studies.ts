import { Hono } from "hono";
import { conflict, invalid, notFound } from "../domain/errors";
import { applyStudyPatch, createStudy, studyInputSchema, studyPatchSchema } from "../domain/study";
import { readJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { idParam, pageParams } from "../http/params";
import { PreconditionFailed } from "../ports";
import { startStudyJob, viewJob } from "../services/jobs";

export async function loadStudy(c: { var: AppEnv["Variables"] }, id: string) {
  const study = await c.var.deps.studies.get(id);
  if (!study) throw notFound("study", id);
  return study;
}

export const studyRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const { deps } = c.var;
    const study = createStudy(await readJson(c, studyInputSchema), deps.now());
    await deps.studies.create(study);
    c.header("Location", `/api/studies/${study.id}`);
    return c.json(study, 201);
  })
  .get("/", async (c) => {
    const page = await c.var.deps.studies.list(pageParams(c));
    return c.json({ items: page.items, nextCursor: page.cursor ?? null });
  })
  .get("/:id", async (c) => c.json(await loadStudy(c, idParam(c, "study"))))
  .patch("/:id", async (c) => {
    const { deps } = c.var;
    const id = idParam(c, "study");
    const patch = await readJson(c, studyPatchSchema);
    const current = await loadStudy(c, id);
    const result = applyStudyPatch(current, patch, deps.now());
    if (!result.ok) throw invalid("The change would make the study invalid.", result.issues);
    try {
      await deps.studies.replace(result.study, current.version);
    } catch (err) {
      if (err instanceof PreconditionFailed) {
        throw conflict("The study was changed by someone else meanwhile; read it again and retry.");
      }
      throw err;
    }
    return c.json(result.study);
  })
  .delete("/:id", async (c) => {
    const id = idParam(c, "study");
    await loadStudy(c, id);
    const job = await startStudyJob(c.var.deps, "erase-study", id);
    c.header("Location", `/api/jobs/${job.id}`);
    return c.json(viewJob(job), 202);
  });
