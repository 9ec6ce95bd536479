import { AGGREGATE_DEBOUNCE_MS, AGGREGATE_REQUEST_STALE_MS } from "../domain/analysis/report-aggregate";
import {
  ANALYSIS_DEBOUNCE_MS,
  ANALYSIS_REQUEST_STALE_MS,
  type AnalysisReason,
  fanOutProgress,
  type JobRecord,
  newJobRecord,
} from "../domain/jobs";
import type { CoreDeps } from "../ports";

type Enqueue = Pick<CoreDeps, "queue" | "analyses" | "now" | "ingestCache">;

/** Asked again this long before a queued analysis could start, so clocks need not agree to the ms. */
const PENDING_MARGIN_MS = 2_000;

/**
 * A session's data changed (a chunk, a panel answer): its analysis is queued once, to run
 * ANALYSIS_DEBOUNCE_MS later, so it is at most that (plus the analysis) behind the last
 * change. Further changes before the worker takes the request add nothing; changes after
 * it took it ask again.
 */
export async function requestAnalysis(deps: Enqueue, sessionId: string, reason: AnalysisReason) {
  const now = deps.now();
  // Queued from this process and certainly not started yet: it will read this change.
  const pendingUntil = deps.ingestCache.analysisPendingUntil(sessionId);
  if (pendingUntil !== undefined && now.getTime() < pendingUntil - PENDING_MARGIN_MS) return false;
  const fresh = await deps.analyses.request(
    sessionId,
    now,
    new Date(now.getTime() - ANALYSIS_REQUEST_STALE_MS),
  );
  if (!fresh) return false;
  await deps.queue.send({ kind: "analyze-session", sessionId, reason }, { delayMs: ANALYSIS_DEBOUNCE_MS });
  deps.ingestCache.analysisQueued(sessionId, now.getTime() + deps.queue.minDelayMs(ANALYSIS_DEBOUNCE_MS));
  return true;
}

/**
 * Something the study's journey map counts changed (a session's summary, an annotation,
 * the study): a rebuild is queued once, AGGREGATE_DEBOUNCE_MS later (at once with `now`:
 * a reader is waiting), and further changes before the worker takes it add nothing.
 */
export async function requestAggregate(
  deps: Pick<CoreDeps, "queue" | "aggregates" | "now">,
  studyId: string,
  opts: { now?: boolean } = {},
) {
  const now = deps.now();
  const fresh = await deps.aggregates.request(
    studyId,
    now,
    new Date(now.getTime() - AGGREGATE_REQUEST_STALE_MS),
  );
  if (!fresh) return false;
  await deps.queue.send(
    { kind: "aggregate-study", studyId },
    opts.now ? {} : { delayMs: AGGREGATE_DEBOUNCE_MS },
  );
  return true;
}

/** The session ended (completed, swept): analyse it now, whatever is pending. */
export async function analyzeSoon(deps: Pick<CoreDeps, "queue">, sessionId: string, reason: AnalysisReason) {
  await deps.queue.send({ kind: "analyze-session", sessionId, reason });
}

/** Starts a job a reviewer can poll: its record first, then the message. */
export async function startStudyJob(
  deps: Pick<CoreDeps, "queue" | "jobs" | "now">,
  kind: JobRecord["kind"],
  studyId: string,
): Promise<JobRecord> {
  const record = newJobRecord(kind, studyId, deps.now());
  await deps.jobs.put(record);
  await deps.queue.send({ kind, studyId, jobId: record.id });
  return record;
}

/** A job record as the API shows it; a fanned-out job with its progress (and result once all are in). */
export type JobView = Omit<JobRecord, "expiresAt" | "sessions" | "total"> & {
  location: string;
  progress?: { total: number; analyzed: number; failed: number };
};

export function viewJob(job: JobRecord): JobView {
  const { expiresAt: _ttl, sessions: _tally, total, ...rest } = job;
  const view: JobView = { ...rest, location: `/api/jobs/${job.id}` };
  if (total === undefined || job.status === "queued") return view;
  const { progress, status, result } = fanOutProgress(job);
  return { ...view, progress, ...(status && job.status === "running" ? { status, result } : {}) };
}
