import {
  ANALYSIS_DEBOUNCE_MS,
  ANALYSIS_REQUEST_STALE_MS,
  type AnalysisReason,
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

/** A job record as the API shows it. */
export type JobView = Omit<JobRecord, "expiresAt"> & { location: string };

export function viewJob(job: JobRecord): JobView {
  const { expiresAt: _ttl, ...rest } = job;
  return { ...rest, location: `/api/jobs/${job.id}` };
}
