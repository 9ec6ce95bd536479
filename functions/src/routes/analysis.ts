import { Hono } from "hono";
import { reportToCsv } from "../domain/analysis/report-csv";
import { reportToMarkdown } from "../domain/analysis/report-markdown";
import { invalid } from "../domain/errors";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import { startStudyJob, viewJob } from "../services/jobs";
import { studyReport } from "../services/report";
import { loadStudy } from "./studies";

export const REPORT_FORMATS = ["json", "csv", "md"] as const;

/** Mounted at /api/studies/:id: re-analysis on demand (a job) and the journey map. */
export const studyAnalysisRoutes = new Hono<AppEnv>()
  .post("/reanalyze", async (c) => {
    const study = await loadStudy(c, idParam(c, "study"));
    const job = await startStudyJob(c.var.deps, "reanalyze-study", study.id);
    c.header("Location", `/api/jobs/${job.id}`);
    return c.json(viewJob(job), 202);
  })
  .get("/report", async (c) => {
    const format = c.req.query("format") ?? "json";
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw invalid(`format must be one of ${REPORT_FORMATS.join(", ")}.`, [
        { path: "format", message: `must be one of ${REPORT_FORMATS.join(", ")}` },
      ]);
    }
    const study = await loadStudy(c, idParam(c, "study"));
    const report = await studyReport(c.var.deps, study);
    if (format === "csv") {
      return c.body(reportToCsv(report), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${study.id}-report.csv"`,
      });
    }
    if (format === "md") {
      return c.body(reportToMarkdown(report), 200, {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${study.id}-report.md"`,
      });
    }
    return c.json(report);
  });
