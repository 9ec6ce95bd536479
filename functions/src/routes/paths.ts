import { createRoute, z } from "@hono/zod-openapi";
import { studyPaths, type TaskPaths } from "../domain/analysis/paths";
import { idParam, idParams, json, problems } from "../http/openapi";
import { apiRouter } from "../http/router";
import { loadStudy } from "./studies";

const PlaceSchema = z.string().openapi({
  description: "`s:{stepId}` a journey step, `p:{pattern}` a page outside the steps, `x:success` / `x:other`",
});
const SessionIds = z.array(z.string()).openapi({ description: "The sessions behind the count" });

const NodeSchema = z.object({
  id: z.string(),
  column: z.number().int().openapi({ description: "Position in the route, from 0" }),
  place: PlaceSchema,
  label: z.string(),
  kind: z.enum(["step", "page", "end"]),
  expected: z.boolean().openapi({ description: "The expected path has this place here" }),
  count: z.number().int().openapi({ description: "Attempts at this place at this position" }),
});

const LinkSchema = z.object({
  from: z.string().openapi({ description: "Node id" }),
  to: z.string().openapi({ description: "Node id" }),
  column: z.number().int(),
  count: z.number().int().openapi({ description: "Attempts that made this move as their column-th" }),
  sessionIds: SessionIds,
  expected: z.boolean(),
});

const RouteSchema = z.object({
  places: z.array(PlaceSchema),
  labels: z.array(z.string()),
  count: z.number().int().openapi({ description: "Attempts that took exactly this route" }),
  sessionIds: SessionIds,
  expected: z.boolean(),
});

const TaskPathsSchema = z
  .object({
    taskId: z.string(),
    title: z.string(),
    attempts: z.number().int().openapi({ description: "Sessions in the journey map that started the task" }),
    expected: z.array(z.object({ place: PlaceSchema, label: z.string() })),
    nodes: z.array(NodeSchema),
    links: z.array(LinkSchema),
    routes: z.array(RouteSchema),
  })
  .openapi("TaskPaths") satisfies z.ZodType<TaskPaths>;

const paths = createRoute({
  method: "get",
  path: "/",
  summary:
    "The paths participants took through each task (journey steps and other pages, ids collapsed) against the expected path, from the routes the analysis kept",
  request: {
    params: idParams("study"),
    query: z.object({ task: idParam("task").optional().openapi({ description: "Only this task" }) }),
  },
  responses: {
    200: json(z.object({ tasks: z.array(TaskPathsSchema) }), "Paths per task"),
    ...problems(400, 404),
  },
});

/** Mounted at /api/studies/:id/paths: one query of the study's sessions, no recording read. */
export const studyPathRoutes = apiRouter().openapi(paths, async (c) => {
  const study = await loadStudy(c, c.req.valid("param").id);
  const { task } = c.req.valid("query");
  const tasks = task ? study.tasks.filter((t) => t.id === task) : study.tasks;
  const sessions = await c.var.deps.sessions.allByStudy(study.id);
  return c.json({ tasks: studyPaths({ tasks }, sessions) }, 200);
});
