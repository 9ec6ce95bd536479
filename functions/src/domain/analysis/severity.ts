import type { SignalKind } from "../session";

/**
 * Default Nielsen severity (0 not a problem … 4 catastrophe) of each detected signal kind,
 * used to rank friction next to reviewers' annotations (which carry their own severity).
 * - 3 (major): something failed in front of the participant or they gave up on input:
 *   js_error, error_click, rage_click, form_abandonment.
 * - 2 (minor): the interface did not answer, misled or stalled them: dead_click, u_turn,
 *   hesitation.
 * - 1 (cosmetic): a weak cue on its own: thrashed_cursor.
 */
export const DEFAULT_SEVERITY: Record<SignalKind, number> = {
  js_error: 3,
  error_click: 3,
  rage_click: 3,
  form_abandonment: 3,
  dead_click: 2,
  u_turn: 2,
  hesitation: 2,
  thrashed_cursor: 1,
};
