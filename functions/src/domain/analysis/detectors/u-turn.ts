import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";

interface Place {
  key: string;
  t: number;
}

/**
 * U-turn: the participant leaves a page for another and comes back to the previous one
 * within `windowMs` (a quick back: the page they went to was not what they expected). The
 * same holds for journey steps on one page (a wizard or SPA whose steps are clicks or custom
 * events): step A, step B, back to step A within the window. The signal is placed at the
 * arrival on the page or step they turned away from.
 */
export function uTurnDetector(th: Thresholds["uTurn"], emit: Emit): Detector {
  /** Pages, and steps within the current page: the previous place and the current one. */
  const pages: { before?: string; current?: Place } = {};
  const steps: { before?: string; current?: Place } = {};

  const arrive = (track: typeof pages, key: string, t: number, what: string): void => {
    const { before, current } = track;
    if (current && before !== undefined && key === before && t - current.t <= th.windowMs) {
      emit({
        kind: "u_turn",
        t: current.t,
        target: { selector: current.key },
        detail: `left ${what} ${current.key} for ${key} after ${Math.round(t - current.t)} ms`,
      });
      // Coming back is not itself a new departure to turn away from.
      track.before = undefined;
    } else {
      track.before = current?.key;
    }
    track.current = { key, t };
  };

  return {
    page(t, page) {
      arrive(pages, page, t, "page");
      steps.before = undefined;
      steps.current = undefined;
    },
    step(t, stepId) {
      arrive(steps, stepId, t, "step");
    },
    finish() {},
  };
}
