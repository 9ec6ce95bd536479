import { isId, newId } from "./ids";
import type { SignalKind } from "./session";

/**
 * Work that reads a whole recording or a whole study runs off the request path, in the
 * worker, fed by a queue. Every job is idempotent: running it twice stores the same result.
 */
export type Job =
  /**
   * Analyse one session over its stored chunks (why: what changed); with `jobId`, as one
   * session of a study's reanalysis, whose record counts it.
   */
  | { kind: "analyze-session"; sessionId: string; reason: AnalysisReason; jobId?: string }
  /**
   * Analyse every session of a study again (after a threshold change): fans out one
   * analyze-session job per session, so no job reads more than one recording; `jobId`
   * reports progress.
   */
  | { kind: "reanalyze-study"; studyId: string; jobId: string }
  /** Erase a study and everything under it. */
  | { kind: "erase-study"; studyId: string; jobId: string }
  /** Rebuild the study's stored journey map from the per-session summaries (coalesced, debounced). */
  | { kind: "aggregate-study"; studyId: string }
  /** Erase a session once more, after every process's cached admission of it has expired. */
  | { kind: "erase-session"; studyId: string; sessionId: string }
  /** Compact a finished, analysed session's raw chunks into a few brotli segments. */
  | { kind: "compact-session"; sessionId: string };

export type JobKind = Job["kind"];

export const ANALYSIS_REASONS = ["recording", "panel", "complete", "sweep", "reanalysis"] as const;
export type AnalysisReason = (typeof ANALYSIS_REASONS)[number];

/** A change to a session's data is analysed at most this long after the first change. */
export const ANALYSIS_DEBOUNCE_MS = 30_000;
/** A pending analysis request older than this is taken as lost (its job failed): a new one may be made. */
export const ANALYSIS_REQUEST_STALE_MS = 5 * 60_000;
/** How long a job's status can be polled. */
export const JOB_RECORD_DAYS = 7;

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What a reviewer polls: GET /api/jobs/{id}. */
export interface JobRecord {
  id: string;
  kind: Exclude<JobKind, "analyze-session" | "aggregate-study" | "erase-session" | "compact-session">;
  studyId: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  /** How many times the worker started it (a retry after a failure counts again). */
  runs: number;
  result?: Record<string, unknown>;
  error?: string;
  /** A fanned-out job: how many sessions it sent a job for, and how each one went (the last try's word). */
  total?: number;
  sessions?: Record<string, SessionJobOutcome>;
  /** When the record itself is deleted (epoch seconds, the table's TTL). */
  expiresAt: string;
}

export function newJobRecord(kind: JobRecord["kind"], studyId: string, now: Date): JobRecord {
  const at = now.toISOString();
  return {
    id: newId("job"),
    kind,
    studyId,
    status: "queued",
    createdAt: at,
    updatedAt: at,
    runs: 0,
    expiresAt: new Date(now.getTime() + JOB_RECORD_DAYS * 86_400_000).toISOString(),
  };
}

/** How one session of a fanned-out job went. */
export type SessionJobOutcome =
  | { ok: true; signalCounts: Partial<Record<SignalKind, number>> }
  | { ok: false; message: string };

/** What a fanned-out job has done so far, and its status and result once every session is in. */
export function fanOutProgress(job: Pick<JobRecord, "status" | "total" | "sessions">) {
  const entries = Object.entries(job.sessions ?? {});
  const failed = entries.flatMap(([sessionId, o]) => (o.ok ? [] : [{ sessionId, message: o.message }]));
  const total = job.total ?? 0;
  const progress = { total, analyzed: entries.length - failed.length, failed: failed.length };
  if (job.total === undefined || entries.length < total) return { progress };
  const signalCounts: Partial<Record<SignalKind, number>> = {};
  for (const [, o] of entries) {
    if (!o.ok) continue;
    for (const [k, n] of Object.entries(o.signalCounts) as [SignalKind, number][]) {
      signalCounts[k] = (signalCounts[k] ?? 0) + n;
    }
  }
  return {
    progress,
    // A failed session is tried again by the queue: the status may still turn to succeeded.
    status: (failed.length ? "failed" : "succeeded") as JobStatus,
    result: { sessions: total, analyzed: progress.analyzed, failed, signalCounts },
  };
}

export class BadJob extends Error {
  constructor(message: string) {
    super(`bad job message: ${message}`);
    this.name = "BadJob";
  }
}

const field = (o: Record<string, unknown>, name: string, kind: Parameters<typeof isId>[0]): string => {
  const v = o[name];
  if (typeof v !== "string" || !isId(kind, v)) throw new BadJob(`${name} is not a ${kind} id`);
  return v;
};

/** A queue message back into a job; anything else is refused (it goes to the dead-letter queue). */
export function parseJob(raw: unknown): Job {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new BadJob("not an object");
  const o = raw as Record<string, unknown>;
  switch (o.kind) {
    case "analyze-session": {
      const reason = o.reason;
      if (!(ANALYSIS_REASONS as readonly unknown[]).includes(reason)) throw new BadJob("unknown reason");
      const job = {
        kind: o.kind,
        sessionId: field(o, "sessionId", "session"),
        reason: reason as AnalysisReason,
      };
      return o.jobId === undefined ? job : { ...job, jobId: field(o, "jobId", "job") };
    }
    case "compact-session":
      return { kind: o.kind, sessionId: field(o, "sessionId", "session") };
    case "erase-session":
      return {
        kind: o.kind,
        studyId: field(o, "studyId", "study"),
        sessionId: field(o, "sessionId", "session"),
      };
    case "aggregate-study":
      return { kind: o.kind, studyId: field(o, "studyId", "study") };
    case "reanalyze-study":
    case "erase-study":
      return { kind: o.kind, studyId: field(o, "studyId", "study"), jobId: field(o, "jobId", "job") };
    default:
      throw new BadJob(`unknown kind ${JSON.stringify(o.kind)?.slice(0, 40)}`);
  }
}

/** A short name of a job for logs and metrics. */
export function jobLabel(job: Job): Record<string, string> {
  switch (job.kind) {
    case "analyze-session":
      return {
        job: job.kind,
        sessionId: job.sessionId,
        reason: job.reason,
        ...(job.jobId ? { jobId: job.jobId } : {}),
      };
    case "erase-session":
      return { job: job.kind, studyId: job.studyId, sessionId: job.sessionId };
    case "compact-session":
      return { job: job.kind, sessionId: job.sessionId };
    case "aggregate-study":
      return { job: job.kind, studyId: job.studyId };
    default:
      return { job: job.kind, studyId: job.studyId, jobId: job.jobId };
  }
}
