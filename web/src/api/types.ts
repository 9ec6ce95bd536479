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

export type {
  Quote,
  StageReport,
  StepReport,
  StudyReport,
  TaskReport,
} from "../../../functions/src/domain/analysis/report";
/** The journey-map report (GET /api/studies/{id}/report), typed by the analysis itself. */
export type { FrictionItem } from "../../../functions/src/domain/analysis/report-friction";
export type { Spread } from "../../../functions/src/domain/analysis/report-stats";

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
