/**
 * The shapes the reviewer reads and writes. Types only: they come from the API's own domain
 * modules (erased at build time), so the reviewer and the API cannot drift apart silently.
 */
import type { Annotation } from "../../../functions/src/domain/annotation";
import type { InviteView } from "../../../functions/src/domain/invite";
import type {
  Attempt,
  Feedback,
  Outcome,
  SessionView,
  Signal,
  SignalKind,
  StepVisit,
} from "../../../functions/src/domain/session";
import type { JourneyStep, Study, StudyInput, StudySummary, Task } from "../../../functions/src/domain/study";

export type {
  Annotation,
  Attempt,
  Feedback,
  InviteView,
  JourneyStep,
  Outcome,
  SessionView,
  Signal,
  SignalKind,
  StepVisit,
  Study,
  StudyInput,
  StudySummary,
  Task,
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionDetail extends SessionView {
  attempts: Attempt[];
  stepVisits: StepVisit[];
  signals: Signal[];
  feedback: Feedback[];
  annotations: Annotation[];
  recording: { chunkCount: number; seqs: number[]; firstTs: number | null; lastTs: number | null };
}

/** rrweb events as stored: the reviewer only needs to know they have a type and a time. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

export interface EventsPage {
  chunks: { seq: number; events: RecordedEvent[] }[];
  next: number | null;
}

export interface CreatedInvite extends InviteView {
  url: string;
}

export interface AnnotationDraft {
  t: number;
  tEnd?: number;
  stepId?: string;
  tag: string;
  severity: number;
  note?: string;
  signalId?: string;
}

/** The journey-map report (GET /api/studies/{id}/report), as far as the reviewer reads it. */
export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export interface Quote {
  sessionId: string;
  participant: string;
  text: string;
  author?: string;
  tag?: string;
  severity?: number;
  t?: number;
}

export interface StepReport {
  stepId: string;
  name: string;
  stage?: string;
  reached: number;
  droppedOff: number;
  dwellMs?: Spread;
  signals: Partial<Record<SignalKind, number>>;
  annotations: { count: number; byTag: Record<string, number>; bySeverity: number[] };
  reviewerNotes: Quote[];
  participantWords: Quote[];
}

export interface TaskReport {
  taskId: string;
  title: string;
  participants: number;
  outcomes: Record<string, number>;
  successRate?: { successes: number; n: number; rate: number; low: number; high: number };
  timeOnTaskMs?: Spread;
  seq: { responses: number; mean?: number };
  followedExpectedPath: number;
  signals: Partial<Record<SignalKind, number>>;
  comments: Quote[];
  steps: StepReport[];
}

export interface FrictionItem {
  rank: number;
  taskId: string;
  stepId?: string;
  stepName?: string;
  source: "signal" | "annotation";
  kind: string;
  occurrences: number;
  participants: number;
  frequency: number;
  severity: number;
  score: number;
}

export interface StudyReport {
  studyId: string;
  name: string;
  sessions: { total: number; completed: number; abandoned: number; active: number; analyzed: number };
  sus?: { responses: number; mean: number; median: number; min: number; max: number };
  tasks: TaskReport[];
  stages: { stage: string; stepIds: string[]; reached: number; droppedOff: number; frictionScore: number }[];
  friction: FrictionItem[];
}

export const SIGNAL_KINDS: SignalKind[] = [
  "rage_click",
  "dead_click",
  "error_click",
  "u_turn",
  "thrashed_cursor",
  "form_abandonment",
  "hesitation",
  "js_error",
];

export const OUTCOMES: Outcome[] = ["success", "gave_up", "timed_out", "abandoned"];

export const DEFAULT_TAGS = ["confusion", "navigation", "content", "trust", "bug", "performance"];

export const STAGES = ["awareness", "consideration", "decision", "retention", "advocacy"] as const;
