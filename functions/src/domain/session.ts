import { type SessionJourney, type Standing, standingOf } from "./analysis/session-journey";
import type { Annotation } from "./annotation";
import type { SegmentPart } from "./compaction";
import { newId } from "./ids";
import { expiryOf, retentionClass } from "./retention";

export { type StepVisit, stepAt, stepOfRange } from "./step-time";

import type { StepVisit } from "./step-time";

export {
  OUTCOMES,
  type Outcome,
  SESSION_STATUSES,
  type SessionStatus,
  SIGNAL_KINDS,
  type SignalKind,
} from "@frictionmap/protocol";

import type { Outcome, SessionStatus, SignalKind } from "@frictionmap/protocol";

export interface Consent {
  acceptedAt: string;
  /** Which wording of the consent text the participant accepted. */
  textVersion: string;
  userAgent?: string;
}

/** One participant's run through a study; what lists need is kept on it. */
export interface Session {
  id: string;
  studyId: string;
  inviteId: string;
  participantLabel: string;
  status: SessionStatus;
  startedAt: string;
  lastActivityAt: string;
  endedAt?: string;
  /** From the first to the last recorded event, in ms. */
  durationMs: number;
  consent: Consent;
  chunkCount: number;
  eventCount: number;
  bytes: number;
  /** Outcome per task id, for the attempts that ended. */
  outcomes: Record<string, Outcome>;
  /** The Single Ease Question answer per task id, for lists. */
  seqAnswers?: Record<string, number>;
  signalCounts: Partial<Record<SignalKind, number>>;
  annotationCount: number;
  /** Earliest and latest recorded event timestamps (ms since epoch), when any. */
  firstTs?: number;
  lastTs?: number;
  /** System Usability Scale answers (1–5 for each of the 10 items), when the study asks. */
  sus?: number[];
  /** Hash of the participant's session token; never leaves the server. */
  tokenHash: string;
  /** The invite it was started with (its token hash is the invite's key). */
  inviteTokenHash?: string;
  /** What the journey map counts of this session, from its latest analysis. */
  journey?: SessionJourney;
  /** When the stored analysis was made, and by which detector version. */
  analyzedAt?: string;
  detectorVersion?: string;
  /** Days this session's data is kept (the study's retention class), and when it goes. */
  retentionDays?: number;
  expiresAt?: string;
  /** An analysis was asked for (debounced) and the worker has not taken it yet. */
  analysisRequestedAt?: string;
}

/**
 * A session as reviewers see it: no secrets, duration from the recording, and how the
 * journey map counts it (`counted`, `in_progress`, `not_started`).
 */
export type SessionView = Omit<Session, "tokenHash" | "inviteTokenHash"> & { standing: Standing };

export function viewSession(s: Session): SessionView {
  const { tokenHash: _secret, inviteTokenHash: _key, ...rest } = s;
  const durationMs = s.firstTs !== undefined && s.lastTs !== undefined ? s.lastTs - s.firstTs : s.durationMs;
  return { ...rest, durationMs, standing: standingOf(s.journey) };
}

/** A participant's own words at a moment of the session ("Report a problem"). */
export interface Feedback {
  id: string;
  kind: "report";
  text: string;
  /** When it arrived (server time). */
  at: string;
  /** ms since epoch on the participant's clock, to place it on the recording. */
  clientTs?: number;
  taskId?: string;
}

/** A report placed on the recording: ms from its first event, and the step it was written in. */
export interface PlacedFeedback extends Feedback {
  t?: number;
  stepId?: string;
}

export interface Attempt {
  taskId: string;
  taskIndex: number;
  startedAt: string;
  endedAt?: string;
  outcome?: Outcome;
  /** The participant pressed "I'm done" (the outcome says whether the success rule matched). */
  claimedDone?: boolean;
  /** Single Ease Question answer, 1–7. */
  seq?: number;
  comment?: string;
  /** Derived by analysis from the recording (ms from the session's first event). */
  startT?: number;
  endT?: number;
  /** Time on task, ms. */
  durationMs?: number;
  /** Step ids in the order they were entered; revisits appear again. */
  path?: string[];
  /** Places in order: `s:{stepId}` for a journey step entered, `p:{pattern}` for a page
   * outside the steps (ids collapsed: `/orders/:id`); a place held on is listed once. */
  route?: string[];
  /** Steps skipped, steps revisited, order, and whether the expected path was followed. */
  pathSummary?: { skipped: string[]; revisited: string[]; outOfOrder: boolean; followed: boolean };
}

export interface Signal {
  id: string;
  kind: SignalKind;
  /** ms from the session's first event. */
  t: number;
  taskId?: string;
  stepId?: string;
  target?: { selector: string; text?: string };
  x?: number;
  y?: number;
  /** What a reviewer needs to read it: an error message, the page turned away from, the idle time. */
  detail?: string;
  detectorVersion: string;
}

/** Where a stored recording chunk is and what it holds. */
export interface ChunkRef {
  seq: number;
  key: string;
  bytes: number;
  eventCount: number;
  firstTs: number;
  lastTs: number;
  storedAt: string;
  /** Set once the chunk is compacted: `key` is then its segment, and this where in it. */
  part?: SegmentPart;
}

export function startSession(input: {
  studyId: string;
  inviteId: string;
  participantLabel: string;
  consent: Consent;
  tokenHash: string;
  now: Date;
  /** The session's retention class in days (the default class when not given). */
  retentionDays?: number;
}): Session {
  const at = input.now.toISOString();
  const retentionDays = retentionClass(input.retentionDays);
  return {
    retentionDays,
    expiresAt: expiryOf(at, retentionDays),
    id: newId("session"),
    studyId: input.studyId,
    inviteId: input.inviteId,
    participantLabel: input.participantLabel,
    status: "active",
    startedAt: at,
    lastActivityAt: at,
    durationMs: 0,
    consent: input.consent,
    chunkCount: 0,
    eventCount: 0,
    bytes: 0,
    outcomes: {},
    signalCounts: {},
    annotationCount: 0,
    tokenHash: input.tokenHash,
  };
}

/**
 * The object key of one upload of a recording chunk: zero-padded so keys sort by sequence,
 * and unique per upload (`tag`), so concurrent resends of a chunk never overwrite the
 * object the index points to.
 */
export function chunkKey(sessionId: string, seq: number, tag: string): string {
  return `sessions/${sessionId}/chunks/${String(seq).padStart(8, "0")}-${tag}.json.gz`;
}

export function sessionPrefix(sessionId: string): string {
  return `sessions/${sessionId}/`;
}

/** A session as the replay reads it: attempts, step visits, signals, notes and the chunk index. */
export interface SessionDetail extends SessionView {
  attempts: Attempt[];
  stepVisits: StepVisit[];
  signals: Signal[];
  /** Problem reports, placed on the recording and in their step by the API. */
  feedback: PlacedFeedback[];
  annotations: Annotation[];
  recording: { chunkCount: number; seqs: number[]; firstTs: number | null; lastTs: number | null };
  /** What the recording occupies in storage now (its raw chunks, or its compacted segments), bytes. */
  storedBytes: number;
}

/** rrweb events as stored: the reviewer only needs to know they have a type and a time. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

/** Chunks from a sequence number on (GET /api/sessions/{id}/events?from=). */
export interface EventsPage {
  chunks: { seq: number; events: RecordedEvent[] }[];
  next: number | null;
}
