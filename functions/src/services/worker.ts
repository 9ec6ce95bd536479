import { type Job, jobLabel } from "../domain/jobs";
import type { CoreDeps } from "../ports";
import { analyzeSession } from "./analysis";
import { compactSession } from "./compaction";
import { eraseSession, eraseStudy } from "./erase";
import { aggregateStudy } from "./report";

/** Per-session jobs a reanalysis sends at once: the queue's round trips overlap, bounded. */
const FAN_OUT_CONCURRENCY = 10;

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
    if (job.kind === "analyze-session" && job.jobId) {
      // One session of a reanalysis: its tally says so (a retry that succeeds replaces it).
      await deps.jobs
        .recordSession(job.jobId, job.sessionId, { ok: false, message: error })
        .catch((e) =>
          deps.log({ level: "error", msg: "job tally not written", ...jobLabel(job), error: String(e) }),
        );
    } else if (job.kind !== "analyze-session" && "jobId" in job) {
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
      if (!session) {
        if (job.jobId)
          await deps.jobs.recordSession(job.jobId, job.sessionId, { ok: true, signalCounts: {} });
        return { skipped: "session erased" };
      }
      const summary = await analyzeSession(deps, job.sessionId);
      deps.metrics.count("sessionsAnalyzed");
      // Finished and analysed: its raw chunks are compacted (again after a late chunk).
      if (session.status !== "active" && summary.rawChunks > 0) {
        await deps.queue.send({ kind: "compact-session", sessionId: job.sessionId });
      }
      if (job.jobId) {
        await deps.jobs.recordSession(job.jobId, job.sessionId, {
          ok: true,
          signalCounts: summary.signalCounts,
        });
      }
      return {
        events: summary.events,
        signals: Object.values(summary.signalCounts).reduce((n, c) => n + c, 0),
      };
    }
    case "reanalyze-study":
      return fanOutReanalysis(deps, job.studyId, job.jobId);
    case "aggregate-study":
      return aggregateStudy(deps, job.studyId);
    case "compact-session":
      return compactSession(deps, job.sessionId);
    case "erase-session":
      return eraseSession(deps, job.studyId, job.sessionId, { again: false });
    case "erase-study": {
      await markRunning(deps, job.jobId);
      const result = await eraseStudy(deps, job.studyId);
      await deps.jobs.update(job.jobId, { status: "succeeded", result, updatedAt: deps.now().toISOString() });
      return result;
    }
  }
}

/**
 * A study's reanalysis: one analyze-session job per session (each reads one recording,
 * well inside the worker's time limit), tallied on the job's record as they finish. Safe
 * to repeat: the sessions are analysed again and the tally keeps one entry per session.
 */
async function fanOutReanalysis(deps: CoreDeps, studyId: string, jobId: string) {
  await markRunning(deps, jobId);
  const study = await deps.studies.get(studyId);
  if (!study) throw new Error(`study ${studyId} does not exist`);
  const ids = (await deps.sessions.allByStudy(study.id)).map((s) => s.id);
  await deps.jobs.startFanOut(jobId, ids.length, deps.now());
  let next = 0;
  const sender = async () => {
    while (next < ids.length) {
      const sessionId = ids[next++] as string;
      await deps.queue.send({ kind: "analyze-session", sessionId, reason: "reanalysis", jobId });
    }
  };
  await Promise.all(Array.from({ length: Math.min(FAN_OUT_CONCURRENCY, ids.length) }, sender));
  return { sessions: ids.length };
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
