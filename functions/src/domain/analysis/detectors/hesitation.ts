import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";

/**
 * Long hesitation: no participant input (pointer, click, scroll, key, touch) for at least
 * `idleMs` while a task is running. The signal is placed where the pause began, with the
 * last pointer position.
 *
 * A recording without task events (a site tested without the task panel) counts as one
 * task running from its first event to its last.
 */
export function hesitationDetector(th: Thresholds["hesitation"], emit: Emit): Detector {
  let sawTasks = false;
  let running = false;
  let since = 0;
  /** Pointer position at the last input (where the pause began). */
  let x: number | undefined;
  let y: number | undefined;
  /** Pauses seen before any task event, kept in case the recording has none. */
  const untasked: { t: number; idle: number; x?: number; y?: number }[] = [];

  const pause = (until: number, inTask: boolean) => {
    const idle = until - since;
    if (idle < th.idleMs) return;
    const draft = { t: since, idle, ...(x !== undefined && y !== undefined ? { x, y } : {}) };
    if (inTask) send(draft);
    else if (!sawTasks) untasked.push(draft);
  };
  const send = (p: { t: number; idle: number; x?: number; y?: number }) => {
    emit({
      kind: "hesitation",
      t: p.t,
      ...(p.x !== undefined && p.y !== undefined ? { x: p.x, y: p.y } : {}),
      detail: `no input for ${Math.round(p.idle / 1000)} s`,
    });
  };

  return {
    input(t, px, py) {
      pause(t, running);
      since = t;
      if (px !== undefined && py !== undefined) {
        x = Math.round(px);
        y = Math.round(py);
      }
    },
    task(t, action) {
      if (action === "start") {
        if (running) pause(t, true);
        sawTasks = true;
        running = true;
        since = t;
      } else if (running) {
        pause(t, true);
        running = false;
      }
      untasked.length = 0;
    },
    finish(endT) {
      if (running) pause(endT, true);
      else if (!sawTasks) {
        pause(endT, false);
        for (const p of untasked) send(p);
      }
    },
  };
}
