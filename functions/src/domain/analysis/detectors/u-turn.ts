import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";

/**
 * U-turn: the participant leaves a page for another and comes back to the previous one
 * within `windowMs` (a quick back: the page they went to was not what they expected).
 * The signal is placed at the arrival on the page they turned away from.
 */
export function uTurnDetector(th: Thresholds["uTurn"], emit: Emit): Detector {
  let before: string | undefined;
  let current: { page: string; t: number } | undefined;
  return {
    page(t, page) {
      if (current && before !== undefined && page === before && t - current.t <= th.windowMs) {
        emit({
          kind: "u_turn",
          t: current.t,
          target: { selector: current.page },
          detail: `left ${current.page} for ${page} after ${Math.round(t - current.t)} ms`,
        });
        // Coming back is not itself a new departure to turn away from.
        before = undefined;
        current = { page, t };
        return;
      }
      before = current?.page;
      current = { page, t };
    },
    finish() {},
  };
}
