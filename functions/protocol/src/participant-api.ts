/**
 * The participant API (`/api/ingest/sessions/{id}…`): what the recorder reads and writes.
 * The server builds these shapes and validates what it receives against them; the
 * recorder's client is typed by them.
 */
import type { Outcome } from "./vocabulary";

/** A journey-step or success rule as the recorder evaluates it (DESIGN.md "Match rules"). */
export type MatchRule =
  | { type: "url"; pattern: string }
  | { type: "click"; selector: string }
  | { type: "event"; name: string };

export interface ParticipantTask {
  id: string;
  title: string;
  instructions: string;
  startUrl: string;
  timeLimitSec?: number;
  question: "seq" | "none";
  success?: MatchRule;
}

/**
 * How a study records: page text as it is ("readable", the default) or every text masked
 * ("mask-all-text", with `unmaskSelectors` as the allowlist). Typed values (input, textarea,
 * select, contenteditable) are masked always, and so is what `maskSelectors` and
 * `[data-fm-mask]` match. Query values are redacted unless their key is in `keepQueryKeys`.
 */
export const PRIVACY_MODES = ["readable", "mask-all-text"] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

export interface RecordingPrivacy {
  mode: PrivacyMode;
  maskSelectors: string[];
  unmaskSelectors: string[];
  keepQueryKeys: string[];
}

/** What the recorder learns about its study: enough to run the tasks, nothing more. */
export interface ParticipantStudy {
  id: string;
  name: string;
  description?: string;
  sus: boolean;
  /** The SUS statements the panel shows after the last task, when the study asks. */
  susItems: readonly string[];
  /** What the recorder masks (DESIGN.md "Rules that hold everywhere"). */
  privacy: RecordingPrivacy;
  tasks: ParticipantTask[];
}

/** GET /api/ingest/sessions/{id} */
export interface ParticipantConfig {
  session: { id: string; status: string };
  study: ParticipantStudy;
}

/** PUT /api/ingest/sessions/{id}/attempts/{taskIndex}: one task-panel event. */
export type AttemptEvent =
  | { event: "start" }
  | { event: "end"; outcome: Exclude<Outcome, "abandoned">; claimedDone?: boolean }
  | { event: "answer"; seq?: number; comment?: string };

/** POST /api/ingest/sessions/{id}/feedback: a "Report a problem" note. */
export interface FeedbackBody {
  id: string;
  kind: "report";
  text: string;
  clientTs?: number;
  taskId?: string;
}

/** POST /api/ingest/sessions/{id}/complete */
export interface CompleteBody {
  /** System Usability Scale answers, 1–5 for each of the 10 items. */
  sus?: number[];
}
