import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";

/** A swing shorter than this is hand tremor, not a direction change. */
const MIN_SWING_PX = 24;
/** After a signal, the same thrashing episode does not fire again for this long. */
const COOLDOWN_MS = 3000;

interface Axis {
  /** Sign of the current swing: 1, -1, or 0 before any movement. */
  dir: number;
  /** Where and when the current swing started. */
  from: number;
  fromT: number;
  /** The farthest point of the current swing. */
  peak: number;
  peakT: number;
}

/**
 * Thrashed cursor: more than `minDirectionChanges - 1` reversals of the pointer (on either
 * axis) within `windowMs`, each ending a swing of at least 24 px made at
 * `minSpeedPxPerS` or faster. Reversal times sit in a small ring buffer: O(1) per sample.
 */
export function thrashedCursorDetector(th: Thresholds["thrashedCursor"], emit: Emit): Detector {
  const axes: [Axis, Axis] = [
    { dir: 0, from: 0, fromT: 0, peak: 0, peakT: 0 },
    { dir: 0, from: 0, fromT: 0, peak: 0, peakT: 0 },
  ];
  const ringSize = Math.max(2, th.minDirectionChanges);
  const ring = new Float64Array(ringSize);
  let ringCount = 0;
  let ringHead = 0;
  let lastEmit = Number.NEGATIVE_INFINITY;
  let started = false;
  let lastX = 0;
  let lastY = 0;

  const reversal = (t: number, x: number, y: number) => {
    ring[ringHead] = t;
    ringHead = (ringHead + 1) % ringSize;
    if (ringCount < ringSize) ringCount++;
    if (ringCount < th.minDirectionChanges) return;
    // The oldest of the last minDirectionChanges reversals.
    const oldest = ring[(ringHead - th.minDirectionChanges + ringSize * 2) % ringSize] as number;
    if (t - oldest > th.windowMs || t - lastEmit < COOLDOWN_MS) return;
    lastEmit = t;
    emit({
      kind: "thrashed_cursor",
      t: oldest,
      x: Math.round(x),
      y: Math.round(y),
      detail: `${th.minDirectionChanges} direction changes in ${Math.round(t - oldest)} ms`,
    });
  };

  const step = (a: Axis, v: number, t: number): boolean => {
    const delta = v - a.peak;
    if (delta === 0) return false;
    const sign = delta > 0 ? 1 : -1;
    if (a.dir === 0 || sign === a.dir) {
      if (a.dir === 0) {
        a.from = a.peak;
        a.fromT = a.peakT;
      }
      a.dir = sign;
      a.peak = v;
      a.peakT = t;
      return false;
    }
    // Moving back: only a reversal once it is clearly more than jitter.
    if (Math.abs(delta) < MIN_SWING_PX / 2) return false;
    const swing = Math.abs(a.peak - a.from);
    const dt = a.peakT - a.fromT;
    const fast = swing >= MIN_SWING_PX && (dt <= 0 || (swing / dt) * 1000 >= th.minSpeedPxPerS);
    a.from = a.peak;
    a.fromT = a.peakT;
    a.dir = sign;
    a.peak = v;
    a.peakT = t;
    return fast;
  };

  return {
    move(t, x, y) {
      if (!started) {
        started = true;
        for (const [a, v] of [
          [axes[0], x],
          [axes[1], y],
        ] as const) {
          a.peak = v;
          a.peakT = t;
          a.from = v;
          a.fromT = t;
        }
        lastX = x;
        lastY = y;
        return;
      }
      if (x === lastX && y === lastY) return;
      lastX = x;
      lastY = y;
      const rx = step(axes[0], x, t);
      const ry = step(axes[1], y, t);
      if (rx || ry) reversal(t, x, y);
    },
    finish() {},
  };
}
