import type { Thresholds } from "../../thresholds";
import { type ClickFact, type Detector, type Emit, targetOf } from "../types";

const MESSAGE_MAX = 300;
/** The same error repeated this soon is one signal (a failing timer, a render loop). */
const REPEAT_MS = 5000;

function short(message: string): string {
  return message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message;
}

/** JS error: every console error, uncaught error or unhandled rejection; repeats within 5 s are one. */
export function jsErrorDetector(emit: Emit): Detector {
  const lastSeen = new Map<string, number>();
  return {
    error(t, message, source) {
      const key = `${source ?? ""}\u0000${message}`;
      const before = lastSeen.get(key);
      lastSeen.set(key, t);
      if (before !== undefined && t - before <= REPEAT_MS) return;
      emit({
        kind: "js_error",
        t,
        ...(source ? { target: { selector: source } } : {}),
        detail: short(message),
      });
    },
    finish() {},
  };
}

/**
 * Error click: a JS error within `windowMs` after a click; one signal per click, at the
 * click. Clicks on the same target failing again within 5 s (a burst of retries) are one.
 */
export function errorClickDetector(th: Thresholds["errorClick"], emit: Emit): Detector {
  let last: ClickFact | undefined;
  let flagged = false;
  let lastEmitted: ClickFact | undefined;
  return {
    click(c) {
      last = c;
      flagged = false;
    },
    error(t, message) {
      if (!last || flagged || t - last.t > th.windowMs || t < last.t) return;
      flagged = true;
      const repeat =
        lastEmitted !== undefined &&
        lastEmitted.selector === last.selector &&
        last.t - lastEmitted.t <= REPEAT_MS;
      lastEmitted = last;
      if (repeat) return;
      emit({
        kind: "error_click",
        t: last.t,
        target: targetOf(last),
        x: last.x,
        y: last.y,
        detail: short(message),
      });
    },
    finish() {},
  };
}
