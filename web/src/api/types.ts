/**
 * The shapes the reviewer reads and writes. Types only: they come from the platform's public
 * entry and the protocol package, so the reviewer and the API cannot drift apart silently.
 */
export type {
  Annotation,
  AnnotationDraft,
  Attempt,
  ClickMapGroup,
  Clip,
  ClipDraft,
  CreatedInvite,
  EventsPage,
  Feedback,
  FrictionItem,
  InviteView,
  JobView,
  JourneyStep,
  MapPoint,
  NoteRow,
  PathLink,
  PathNode,
  Proportion,
  Quote,
  RecordedEvent,
  Reel,
  ReportFreshness,
  ReviewerNote,
  SessionDetail,
  SessionJourney,
  SessionView,
  ShareView,
  Signal,
  Spread,
  StageReport,
  Standing,
  StepClickMap,
  StepReport,
  StepVisit,
  StoredReport,
  Study,
  StudyInput,
  StudyListItem,
  StudyReport,
  StudySummary,
  TakenRoute,
  Task,
  TaskPaths,
  TaskReport,
} from "@frictionmap/functions/api-types";
export type { Outcome, SignalKind } from "@frictionmap/protocol";
export { DEFAULT_TAGS, JOURNEY_STAGES as STAGES, OUTCOMES, SIGNAL_KINDS } from "@frictionmap/protocol";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
