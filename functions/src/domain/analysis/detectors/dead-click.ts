import type { Thresholds } from "../../thresholds";
import { type ClickFact, type Detector, type Emit, targetOf } from "../types";

/**
 * Dead click: a click on something that looks interactive with no DOM mutation within
 * `mutationWindowMs`, no scroll within `scrollWindowMs`, and no navigation.
 *
 * Also counted as an answer: a value change in a form field (a checkbox behind a label), a
 * copy to the clipboard, and
 * the recording ending inside the window (the page was left: the click may have worked).
 * Never dead: a click that selected text, a click in a field, a link to a new tab.
 * Repeated dead clicks on the same target while it stays dead make one signal. A click is
 * judged lazily, by the next click, change, scroll or navigation after its window, or by the
 * end of the recording (no timer, no per-event work).
 */
export function deadClickDetector(th: Thresholds["deadClick"], emit: Emit): Detector {
  const pending: ClickFact[] = [];
  let lastDead: ClickFact | undefined;

  const settle = (now: number) => {
    while (pending.length > 0) {
      const c = pending[0] as ClickFact;
      if (now - c.t <= th.mutationWindowMs) break;
      pending.shift();
      const repeat =
        lastDead !== undefined && lastDead.selector === c.selector && c.t - lastDead.t <= th.mutationWindowMs;
      lastDead = c;
      if (repeat) continue;
      emit({ kind: "dead_click", t: c.t, target: targetOf(c), x: c.x, y: c.y });
    }
  };
  const answered = () => {
    pending.length = 0;
  };

  return {
    click(c) {
      settle(c.t);
      if (c.selected) {
        // Selecting text (a double or triple click, a drag): the clicks before it on the same
        // element were part of the selecting, not requests for an action.
        for (let i = pending.length - 1; i >= 0; i--) {
          if ((pending[i] as ClickFact).selector === c.selector) pending.splice(i, 1);
        }
        return;
      }
      // Looks interactive (tag or role, cursor: pointer, onclick, tabindex), is not a field,
      // and is not a link that opens elsewhere.
      if (c.interactive && !c.editable && !c.elsewhere) pending.push(c);
    },
    changed(t) {
      settle(t);
      answered();
      lastDead = undefined;
    },
    navigation(t) {
      settle(t);
      answered();
      lastDead = undefined;
    },
    scroll(t) {
      settle(t);
      for (let i = pending.length - 1; i >= 0; i--) {
        const c = pending[i] as ClickFact;
        if (t - c.t <= th.scrollWindowMs) pending.splice(i, 1);
      }
    },
    finish(endT) {
      settle(endT);
      // Whatever is still pending ended with the recording (page left): not provably dead.
      pending.length = 0;
    },
  };
}
