/**
 * The enum values of DESIGN.md's vocabulary, in one place: the API validates with them,
 * the analysis counts by them, the reviewer shows and filters by them.
 */

/**
 * How a task attempt ended: `success` (the success rule matched), `claimed` (the
 * participant said done; the rule did not confirm), `gave_up`, `timed_out`, `abandoned`.
 */
export const OUTCOMES = ["success", "claimed", "gave_up", "timed_out", "abandoned"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SESSION_STATUSES = ["active", "completed", "abandoned"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SIGNAL_KINDS = [
  "rage_click",
  "dead_click",
  "error_click",
  "u_turn",
  "thrashed_cursor",
  "form_abandonment",
  "hesitation",
  "js_error",
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** The customer-journey stages a journey step may serve. */
export const JOURNEY_STAGES = ["awareness", "consideration", "decision", "retention", "advocacy"] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** Annotation tags every study offers, before its own. */
export const DEFAULT_TAGS: readonly string[] = [
  "confusion",
  "navigation",
  "content",
  "trust",
  "bug",
  "performance",
];

export const STUDY_STATUSES = ["draft", "live", "closed"] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** Where the hosted sign-in (Cognito, authorization code + PKCE) sends reviewers back. */
export const SIGN_IN_CALLBACK_PATH = "/auth/callback";
