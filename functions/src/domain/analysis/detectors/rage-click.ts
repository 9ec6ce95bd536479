import type { Thresholds } from "../../thresholds";
import { type ClickFact, type Detector, type Emit, targetOf } from "../types";

/**
 * Rage click: at least `minClicks` clicks, each within `maxIntervalMs` and `maxDistancePx`
 * of the previous one. One signal per burst, at its first click.
 *
 * Not rage (the traps people complain about):
 * - clicks in a text field (double/triple click to select words, placing the caret);
 * - a burst where the page answered every click with a DOM change before the next one
 *   (a quantity stepper clicked quickly: each click did something), unless a JS error was
 *   raised during the burst (the page changed, but the action failed);
 * - a burst on a link that navigated: the next page arrived within `maxIntervalMs` of the
 *   last click (an impatient double or triple click on a working link);
 * - a double or triple click that selected text (PostHog's known false positive);
 * - a burst the page answered but for one click (a click that closed something, then one more).
 */
export function rageClickDetector(th: Thresholds["rageClick"], emit: Emit): Detector {
  let first: ClickFact | undefined;
  let last: ClickFact | undefined;
  let count = 0;
  let unanswered = 0;
  let answeredSinceLast = false;
  let failed = false;
  let navigated = false;
  let selecting = false;

  const close = () => {
    const ignored = navigated || (selecting && count <= 3);
    if (first && count >= th.minClicks && (unanswered >= th.minClicks - 1 || failed) && !ignored) {
      emit({
        kind: "rage_click",
        t: first.t,
        target: targetOf(first),
        x: first.x,
        y: first.y,
        detail: `${count} clicks in ${Math.round((last?.t ?? first.t) - first.t)} ms`,
      });
    }
    first = undefined;
    last = undefined;
    count = 0;
    unanswered = 0;
    failed = false;
    navigated = false;
    selecting = false;
  };

  return {
    click(c) {
      if (c.editable) {
        close();
        return;
      }
      const continues =
        last !== undefined &&
        c.t - last.t <= th.maxIntervalMs &&
        Math.hypot(c.x - last.x, c.y - last.y) <= th.maxDistancePx;
      if (!continues) close();
      if (!first) first = c;
      else if (!answeredSinceLast) unanswered++;
      last = c;
      count++;
      if (c.selected) selecting = true;
      answeredSinceLast = false;
    },
    changed() {
      answeredSinceLast = true;
    },
    navigation(t) {
      answeredSinceLast = true;
      if (last && t - last.t <= th.maxIntervalMs) navigated = true;
    },
    error(t) {
      if (last && t - last.t <= th.maxIntervalMs) failed = true;
    },
    finish() {
      close();
    },
  };
}
