import { createRoute, z } from "@hono/zod-openapi";
import type { StoredReport } from "../domain/analysis/report-aggregate";
import { reportToCsv } from "../domain/analysis/report-csv";
import { reportToMarkdown } from "../domain/analysis/report-markdown";
import { idParams, json, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import { type JobView, startStudyJob, viewJob } from "../services/jobs";
import { storedReport } from "../services/report";
import { loadStudy } from "./studies";

export const REPORT_FORMATS = ["json", "csv", "md"] as const;

const reanalyze = createRoute({
  method: "post",
  path: "/reanalyze",
  summary:
    "Re-run friction detection and step matching over the stored chunks of every session: a job (poll its location)",
  request: { params: idParams("study") },
  responses: {
    202: json(shaped<JobView>("The reanalysis job"), "Queued: poll /api/jobs/{id}"),
    ...problems(400, 404),
  },
});

const report = createRoute({
  method: "get",
  path: "/report",
  summary:
    "The journey map as the worker last built it, with how fresh it is: per task, per step and stage, ranked friction (?format=json|csv|md); 202 while the first build runs",
  request: {
    params: idParams("study"),
    query: z.object({
      format: z
        .enum(REPORT_FORMATS, { error: `must be one of ${REPORT_FORMATS.join(", ")}` })
        .optional()
        .openapi({ description: "json (default), csv or md (a file download)" }),
    }),
  },
  responses: {
    200: {
      description: "The report as JSON, or as a CSV or Markdown file",
      content: {
        "application/json": { schema: shaped<StoredReport>("The journey map report and its freshness") },
        "text/csv": { schema: z.string() },
        "text/markdown": { schema: z.string() },
      },
    },
    202: json(
      z.object({ status: z.literal("building"), message: z.string(), retryAfterMs: z.number() }),
      "Not built yet: the worker is building it; ask again after Retry-After",
    ),
    ...problems(400, 404),
  },
});

/** A first build is quick (a few indexed queries): ask again after this long. */
const RETRY_AFTER_MS = 1000;

/** Mounted at /api/studies/:id: re-analysis on demand (a job) and the journey map. */
export const studyAnalysisRoutes = apiRouter()
  .openapi(reanalyze, async (c) => {
    const study = await loadStudy(c, c.req.valid("param").id);
    const job = await startStudyJob(c.var.deps, "reanalyze-study", study.id);
    c.header("Location", `/api/jobs/${job.id}`);
    return c.json(viewJob(job), 202);
  })
  .openapi(report, async (c) => {
    const format = c.req.valid("query").format ?? "json";
    const study = await loadStudy(c, c.req.valid("param").id);
    const result = await storedReport(c.var.deps, study.id);
    if (!result) {
      c.header("Retry-After", String(Math.ceil(RETRY_AFTER_MS / 1000)));
      const message = "The journey map is being built from the analysed sessions; ask again shortly.";
      return c.json({ status: "building" as const, message, retryAfterMs: RETRY_AFTER_MS }, 202);
    }
    c.header("X-Report-Built-At", result.freshness.builtAt);
    if (format === "csv") {
      return c.body(reportToCsv(result), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${study.id}-report.csv"`,
      });
    }
    if (format === "md") {
      return c.body(reportToMarkdown(result), 200, {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${study.id}-report.md"`,
      });
    }
    return c.json(result, 200);
  });
