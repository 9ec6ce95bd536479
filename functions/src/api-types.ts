/**
 * The public types of the researcher API's bodies, for the reviewer: this entry is what
 * other packages may import from the platform (types only; erased at build time).
 */
export type { Quote, StageReport, StepReport, StudyReport, TaskReport } from "./domain/analysis/report";
export type { FrictionItem } from "./domain/analysis/report-friction";
export type { Spread } from "./domain/analysis/report-stats";
export type { Annotation } from "./domain/annotation";
export type { InviteView } from "./domain/invite";
export type { Attempt, Feedback, SessionView, Signal, StepVisit } from "./domain/session";
export type { JourneyStep, Study, StudyInput, StudySummary, Task } from "./domain/study";
export type { JobView } from "./services/jobs";
