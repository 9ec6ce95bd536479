/**
 * The platform's public entry for other packages (types only; erased at build time):
 * `AppType` types an `hc<AppType>` client by the routes' own declarations, and these are
 * the bodies it reads and writes.
 */

export type { AppType } from "./app";
export type { ClickMapGroup, MapPoint, StepClickMap } from "./domain/analysis/click-map-view";
export type { PathLink, PathNode, TakenRoute, TaskPaths } from "./domain/analysis/paths";
export type {
  Quote,
  ReviewerNote,
  StageReport,
  StepReport,
  StudyReport,
  TaskReport,
} from "./domain/analysis/report";
export type { ReportFreshness, StoredReport } from "./domain/analysis/report-aggregate";
export type { FrictionItem } from "./domain/analysis/report-friction";
export type { Proportion, Spread } from "./domain/analysis/report-stats";
export type { SessionJourney, Standing } from "./domain/analysis/session-journey";
export type { Annotation, AnnotationInput as AnnotationDraft } from "./domain/annotation";
export type { Clip, ClipInput as ClipDraft } from "./domain/clip";
export type { CreatedInvite, InviteView } from "./domain/invite";
export type { NoteRow } from "./domain/notes-export";
export type { Reel } from "./domain/reel";
export type {
  Attempt,
  EventsPage,
  Feedback,
  RecordedEvent,
  SessionDetail,
  SessionView,
  Signal,
  StepVisit,
} from "./domain/session";
export type { ShareView } from "./domain/share";
export type { JourneyStep, Study, StudyInput, StudyListItem, StudySummary, Task } from "./domain/study";
export type { JobView } from "./services/jobs";
