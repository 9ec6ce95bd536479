import { type Job, jobLabel } from "../domain/jobs";
import type { CoreDeps } from "../ports";
import { analyzeSession, reanalyzeStudy } from "./analysis";
import { eraseStudy } from "./erase";
import { aggregateStudy } from "./report";

/**
 * Runs one job of the queue: the same code in the worker Lambda (SQS) and in local mode
 * (the in-process queue). A failure is logged, counted and thrown, so that the queue tries
 * again and, in the end, keeps the message in its dead-letter queue.
 */
export async function runJob(deps: CoreDeps, job: Job): Promise<void> {
  const started = Date.now();
  try {
    const result = await run(deps, job);
    deps.log({ level: "info", msg: "job done", ...jobLabel(job), ms: Date.now() - started, ...result });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    deps.metrics.count(job.kind === "analyze-session" ? "analysisFailures" : "jobsFailed");
    deps.log({ level: "error", msg: "job failed", ...jobLabel(job), error });
    if ("jobId" in job) {
      await deps.jobs.update(job.jobId, { status: "failed", error, updatedAt: deps.now().toISOString() });
    }
    throw err;
  }
}

async function run(deps: CoreDeps, job: Job): Promise<Record<string, unknown>> {
  switch (job.kind) {
    case "analyze-session": {
      // Taken: changes from now on ask for another analysis, which will see them.
      await deps.analyses.clearRequest(job.sessionId).catch(() => undefined);
      const session = await deps.sessions.get(job.sessionId);
      if (!session) return { skipped: "session erased" };
      const summary = await analyzeSession(deps, job.sessionId);
      deps.metrics.count("sessionsAnalyzed");
      return {
        events: summary.events,
        signals: Object.values(summary.signalCounts).reduce((n, c) => n + c, 0),
      };
    }
    case "reanalyze-study": {
      await markRunning(deps, job.jobId);
      const study = await deps.studies.get(job.studyId);
      if (!study) throw new Error(`study ${job.studyId} does not exist`);
      const result = await reanalyzeStudy(deps, study);
      deps.metrics.count("sessionsAnalyzed", result.analyzed);
      if (result.failed.length) deps.metrics.count("analysisFailures", result.failed.length);
      await deps.jobs.update(job.jobId, {
        status: "succeeded",
        result: { ...result },
        updatedAt: deps.now().toISOString(),
        error: undefined,
      });
      return { sessions: result.sessions, failed: result.failed.length };
    }
    case "aggregate-study":
      return aggregateStudy(deps, job.studyId);
    case "erase-study": {
      await markRunning(deps, job.jobId);
      const result = await eraseStudy(deps, job.studyId);
      await deps.jobs.update(job.jobId, { status: "succeeded", result, updatedAt: deps.now().toISOString() });
      return result;
    }
  }
}

async function markRunning(deps: CoreDeps, jobId: string) {
  const current = await deps.jobs.get(jobId);
  if (!current) throw new Error(`job ${jobId} has no record`);
  await deps.jobs.update(jobId, {
    status: "running",
    runs: current.runs + 1,
    updatedAt: deps.now().toISOString(),
  });
}
