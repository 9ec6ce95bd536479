import { createRoute, z } from "@hono/zod-openapi";
import { DEVICES, type StepClickMap, stepClickMap } from "../domain/analysis/click-map-view";
import { notFound } from "../domain/errors";
import { idParam, idParams, json, problems } from "../http/openapi";
import { apiRouter } from "../http/router";
import { loadStudy } from "./studies";

const MARKS = ["rage", "dead", "error"] as const;

const PointSchema = z.object({
  sessionId: z.string(),
  participant: z.string(),
  t: z.number().int().openapi({ description: "ms from the session's first event" }),
  selector: z.string(),
  node: z
    .number()
    .int()
    .optional()
    .openapi({ description: "rrweb node id, valid within full snapshot `snap`" }),
  path: z
    .string()
    .optional()
    .openapi({ description: "`tag:index` per level from <html>, serialized siblings only" }),
  fx: z.number().optional().openapi({ description: "0–1 from the element's left edge" }),
  fy: z.number().optional().openapi({ description: "0–1 from the element's top edge" }),
  x: z.number(),
  y: z.number(),
  vw: z.number().optional(),
  vh: z.number().optional(),
  snap: z.number().int().openapi({ description: "Full snapshots seen before the click" }),
  marks: z.array(z.enum(MARKS)).optional(),
});

const GroupSchema = z.object({
  device: z.enum(DEVICES),
  minWidth: z.number().int(),
  maxWidth: z.number().int().nullable(),
  sessions: z.number().int().openapi({ description: "Participants with clicks here" }),
  base: z.object({
    sessionId: z.string(),
    participant: z.string(),
    t: z.number().int(),
    snap: z.number().int(),
    vw: z.number().optional(),
    vh: z.number().optional(),
  }),
  clicks: z.array(PointSchema),
  marked: z.object({ rage: z.number().int(), dead: z.number().int(), error: z.number().int() }),
});

const ClickMapSchema = z
  .object({ taskId: z.string(), stepId: z.string(), stepName: z.string(), groups: z.array(GroupSchema) })
  .openapi("StepClickMap") satisfies z.ZodType<StepClickMap>;

const clickMap = createRoute({
  method: "get",
  path: "/",
  summary:
    "The clicks of one journey step by viewport group, each placed relative to the element it was on, with the recording and moment to rebuild the page from",
  request: {
    params: idParams("study"),
    query: z.object({ task: idParam("task"), step: idParam("step") }),
  },
  responses: { 200: json(ClickMapSchema, "The step's click map"), ...problems(400, 404) },
});

/** Mounted at /api/studies/:id/click-map: from the worker's summaries, no recording read. */
export const studyClickMapRoutes = apiRouter().openapi(clickMap, async (c) => {
  const study = await loadStudy(c, c.req.valid("param").id);
  const { task: taskId, step } = c.req.valid("query");
  const task = study.tasks.find((t) => t.id === taskId);
  if (!task) throw notFound("task", taskId);
  const [sessions, summaries] = await Promise.all([
    c.var.deps.sessions.allByStudy(study.id),
    c.var.deps.analyses.listSummaries(study.id),
  ]);
  const map = stepClickMap(task, step, sessions, summaries);
  if (!map) throw notFound("step", step);
  return c.json(map, 200);
});
