import type { Session } from "../session";
import type { StudyReport } from "./report";

/**
 * The study's journey map is kept built by the worker: a change to what it counts (a
 * session's summary, an annotation, the study) asks for a rebuild, coalesced: one request
 * stands until the worker takes it, and the job runs this long after the first change.
 */
export const AGGREGATE_DEBOUNCE_MS = 5_000;
/** A request (or a build) older than this is taken as lost (its job failed): a new one may be made. */
export const AGGREGATE_REQUEST_STALE_MS = 5 * 60_000;

/** The bookkeeping kept beside a study's stored report. */
export interface AggregateState {
  /** A rebuild was asked for at this time and no worker has taken it yet. */
  requestedAt?: string;
  /** The last time a worker took a request and started a build. */
  takenAt?: string;
  /** When the stored report's content was built (kept when a rebuild found nothing new). */
  builtAt?: string;
  /** The take whose build is stored: equal to `takenAt` when no build is under way. */
  checkedAt?: string;
  /** Sessions the stored report counts in its numbers, and sessions it knows of in all. */
  counted?: number;
  total?: number;
}

/** What GET /api/studies/{id}/report says of the report it serves. */
export interface ReportFreshness {
  builtAt: string;
  /** Sessions over and analysed: the ones every number counts. */
  sessionsCounted: number;
  /** Sessions still running or not analysed since they ended, when it was built (left out). */
  sessionsInProgress: number;
  /** A rebuild is asked for or under way: the report will change shortly. */
  rebuilding: boolean;
}

/** The stored report as served: the journey map and how fresh it is. */
export type StoredReport = StudyReport & { freshness: ReportFreshness };

const olderThan = (iso: string | undefined, ms: number, now: Date) =>
  iso !== undefined && Date.parse(iso) < now.getTime() - ms;

/** A rebuild is pending: asked for, or taken and not yet stored. */
export function isRebuilding(s: AggregateState): boolean {
  return s.requestedAt !== undefined || (s.takenAt !== undefined && s.takenAt !== s.checkedAt);
}

/** Whether a reader should ask for a rebuild: nothing stored, or the pending one looks lost. */
export function needsRequest(s: AggregateState | undefined, hasReport: boolean, now: Date): boolean {
  if (s?.requestedAt !== undefined) return olderThan(s.requestedAt, AGGREGATE_REQUEST_STALE_MS, now);
  if (s && isRebuilding(s)) return olderThan(s.takenAt, AGGREGATE_REQUEST_STALE_MS, now);
  return !hasReport;
}

export function freshnessOf(report: StudyReport, s: AggregateState): ReportFreshness {
  return {
    builtAt: s.builtAt ?? "",
    sessionsCounted: report.sessions.counted,
    sessionsInProgress: report.sessions.inProgress,
    rebuilding: isRebuilding(s),
  };
}

/**
 * The stored report holds participants' words: it is kept no longer than the first of its
 * sessions (then it is gone for readers, and the next read asks for a rebuild without it).
 */
export function aggregateRetention(sessions: readonly Pick<Session, "expiresAt">[]): string | undefined {
  const ends = sessions.flatMap((s) => (s.expiresAt ? [s.expiresAt] : []));
  return ends.sort()[0]; // ISO times: the earliest sorts first
}
