import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";

/** A swing shorter than this is hand tremor, not a direction change. */
const MIN_SWING_PX = 24;
/** After a signal, the same thrashing episode does not fire again for this long. */
const COOLDOWN_MS = 3000;

/**
 * One axis of pointer movement: the current swing (direction, start, farthest point) and
 * whether moving back ends a fast swing. Plain fields: this runs for every sampled position.
 */
class Axis {
  /** Sign of the current swing: 1, -1, or 0 before any movement. */
  dir = 0;
  from = 0;
  fromT = 0;
  peak = 0;
  peakT = 0;

  constructor(private readonly minSpeedPxPerS: number) {}

  reset(v: number, t: number): void {
    this.dir = 0;
    this.from = v;
    this.fromT = t;
    this.peak = v;
    this.peakT = t;
  }

  /** True when this sample reverses a swing of at least 24 px made fast enough. */
  step(v: number, t: number): boolean {
    const delta = v - this.peak;
    if (delta === 0) return false;
    const sign = delta > 0 ? 1 : -1;
    if (this.dir === 0 || sign === this.dir) {
      if (this.dir === 0) {
        this.from = this.peak;
        this.fromT = this.peakT;
      }
      this.dir = sign;
      this.peak = v;
      this.peakT = t;
      return false;
    }
    // Moving back: a reversal only once it is clearly more than jitter.
    if (delta < MIN_SWING_PX / 2 && delta > -MIN_SWING_PX / 2) return false;
    const swing = this.peak > this.from ? this.peak - this.from : this.from - this.peak;
    const dt = this.peakT - this.fromT;
    const fast = swing >= MIN_SWING_PX && (dt <= 0 || swing * 1000 >= this.minSpeedPxPerS * dt);
    this.from = this.peak;
    this.fromT = this.peakT;
    this.dir = sign;
    this.peak = v;
    this.peakT = t;
    return fast;
  }
}

/**
 * Thrashed cursor: more than `minDirectionChanges - 1` reversals of the pointer (on either
 * axis) within `windowMs`, each ending a swing of at least 24 px made at `minSpeedPxPerS`
 * or faster, with no click among them (moving between click targets fast is not thrashing).
 * Reversal times sit in a small ring buffer: O(1) per sample.
 */
class ThrashedCursor implements Detector {
  private readonly x: Axis;
  private readonly y: Axis;
  private readonly ring: Float64Array;
  private ringCount = 0;
  private ringHead = 0;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private started = false;
  private lastX = 0;
  private lastY = 0;

  constructor(
    private readonly th: Thresholds["thrashedCursor"],
    private readonly emit: Emit,
  ) {
    this.x = new Axis(th.minSpeedPxPerS);
    this.y = new Axis(th.minSpeedPxPerS);
    this.ring = new Float64Array(Math.max(2, th.minDirectionChanges));
  }

  move(t: number, x: number, y: number): void {
    if (!this.started) {
      this.started = true;
      this.x.reset(x, t);
      this.y.reset(y, t);
    } else if (x === this.lastX && y === this.lastY) {
      return;
    }
    this.lastX = x;
    this.lastY = y;
    const rx = this.x.step(x, t);
    const ry = this.y.step(y, t);
    if (rx || ry) this.reversal(t, x, y);
  }

  /** A click is purposeful movement: reversals before it do not count toward thrashing. */
  click(): void {
    this.ringCount = 0;
  }

  private reversal(t: number, x: number, y: number): void {
    const size = this.ring.length;
    const need = this.th.minDirectionChanges;
    this.ring[this.ringHead] = t;
    this.ringHead = (this.ringHead + 1) % size;
    if (this.ringCount < size) this.ringCount++;
    if (this.ringCount < need) return;
    // The oldest of the last `need` reversals.
    const oldest = this.ring[(this.ringHead - need + size * 2) % size] as number;
    if (t - oldest > this.th.windowMs || t - this.lastEmit < COOLDOWN_MS) return;
    this.lastEmit = t;
    this.emit({
      kind: "thrashed_cursor",
      t: oldest,
      x: Math.round(x),
      y: Math.round(y),
      detail: `${need} direction changes in ${Math.round(t - oldest)} ms`,
    });
  }

  finish(): void {}
}

export function thrashedCursorDetector(th: Thresholds["thrashedCursor"], emit: Emit): Detector {
  return new ThrashedCursor(th, emit);
}
