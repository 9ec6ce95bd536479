/**
 * The shapes the reviewer reads and writes. Types only: they come from the platform's public
 * API types and the protocol package, so the reviewer and the API cannot drift apart silently.
 */
import type {
  Annotation,
  Attempt,
  Feedback,
  InviteView,
  JobView,
  JourneyStep,
  SessionView,
  Signal,
  StepVisit,
  Study,
  StudyInput,
  StudySummary,
  Task,
} from "@frictionmap/functions/api-types";
import type { Outcome, SignalKind } from "@frictionmap/protocol";

export type {
  Annotation,
  Attempt,
  Feedback,
  InviteView,
  JobView,
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
  FrictionItem,
  Quote,
  Spread,
  StageReport,
  StepReport,
  StudyReport,
  TaskReport,
} from "@frictionmap/functions/api-types";
export { DEFAULT_TAGS, JOURNEY_STAGES as STAGES, OUTCOMES, SIGNAL_KINDS } from "@frictionmap/protocol";
