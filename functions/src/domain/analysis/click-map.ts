import type { Signal, StepVisit } from "../session";
import type { AttemptTrace } from "./journey";
import { placer } from "./place";
import type { ClickFact } from "./types";

export type ClickMark = "rage" | "dead" | "error";

/**
 * One click as a click map draws it, kept by the analysis in the session's summary: where
 * it was meant (rrweb node id within full snapshot number `snap`, else the element's path),
 * where inside that element's box (fx, fy: 0–1 from its left/top), the viewport, and the
 * friction it was part of.
 */
export interface MapClick {
  /** ms from the session's first event. */
  t: number;
  taskId: string;
  stepId: string;
  selector: string;
  node?: number;
  path?: string;
  fx?: number;
  fy?: number;
  /** Viewport px at click time. */
  x: number;
  y: number;
  vw?: number;
  vh?: number;
  /** Full snapshots seen before the click (node ids hold within one). */
  snap: number;
  marks?: ClickMark[];
}

/** Clicks kept per session for its maps: a session of a thousand clicks stays a small summary. */
export const MAX_MAP_CLICKS = 600;
const MAX_RAW = 5000;
const MAX_PATH = 600;
const MAX_SELECTOR = 300;

const fraction = (v: number, start: number, size: number) =>
  size > 0 ? Math.round(Math.min(1, Math.max(0, (v - start) / size)) * 1000) / 1000 : undefined;

type Raw = Omit<MapClick, "taskId" | "stepId">;

/** Collects the clicks of one recording, in stream order, for its click maps. Pure. */
export function clickCollector(rageGapMs: number) {
  const raw: Raw[] = [];
  let snap = 0;
  let viewport: { w?: number; h?: number } = {};
  return {
    snapshot() {
      snap++;
    },
    viewport(w: number | undefined, h: number | undefined) {
      if (w !== undefined && w > 0) viewport = { w, ...(h !== undefined && h > 0 ? { h } : {}) };
    },
    click(c: ClickFact) {
      if (raw.length >= MAX_RAW) return;
      const r: Raw = { t: c.t, selector: c.selector.slice(0, MAX_SELECTOR), x: c.x, y: c.y, snap };
      if (c.node !== undefined && Number.isSafeInteger(c.node) && c.node > 0) r.node = c.node;
      if (c.path && c.path.length <= MAX_PATH && /^[a-z0-9-]+:\d+(>[a-z0-9-]+:\d+)*$/.test(c.path))
        r.path = c.path;
      if (c.box) {
        const [left, top, w, h] = c.box;
        const fx = fraction(c.x, left, w);
        const fy = fraction(c.y, top, h);
        if (fx !== undefined && fy !== undefined) Object.assign(r, { fx, fy });
      }
      const vw = c.vw ?? viewport.w;
      const vh = c.vh ?? viewport.h;
      if (vw !== undefined && vw > 0) r.vw = Math.round(vw);
      if (vh !== undefined && vh > 0) r.vh = Math.round(vh);
      raw.push(r);
    },
    /** The clicks inside a journey step of a task, with their friction marks. */
    finish(
      visits: readonly StepVisit[],
      attempts: readonly AttemptTrace[],
      signals: readonly Signal[],
    ): MapClick[] {
      const marks = markClicks(raw, signals, rageGapMs);
      const at = placer(visits, attempts);
      const out: MapClick[] = [];
      raw.forEach((r, i) => {
        const place = at(r.t);
        if (!place.stepId || !place.taskId || out.length >= MAX_MAP_CLICKS) return;
        const m = marks[i];
        out.push({ ...r, taskId: place.taskId, stepId: place.stepId, ...(m?.length ? { marks: m } : {}) });
      });
      return out;
    },
  };
}

/** Which clicks a rage, dead or error click signal was made of. */
function markClicks(raw: readonly Raw[], signals: readonly Signal[], rageGapMs: number): ClickMark[][] {
  const out: ClickMark[][] = raw.map(() => []);
  const index = new Map<string, number>();
  raw.forEach((r, i) => {
    const key = `${r.t}|${r.selector}`;
    if (!index.has(key)) index.set(key, i);
  });
  for (const s of signals) {
    const mark: ClickMark | undefined =
      s.kind === "rage_click"
        ? "rage"
        : s.kind === "dead_click"
          ? "dead"
          : s.kind === "error_click"
            ? "error"
            : undefined;
    if (!mark || !s.target) continue;
    const first = index.get(`${s.t}|${s.target.selector.slice(0, MAX_SELECTOR)}`);
    if (first === undefined) continue;
    out[first]?.push(mark);
    if (mark !== "rage") continue;
    // The burst: the next clicks on the same element, each soon after the one before.
    let last = raw[first] as Raw;
    for (let i = first + 1; i < raw.length; i++) {
      const r = raw[i] as Raw;
      if (r.t - last.t > rageGapMs) break;
      if (r.selector !== last.selector) continue;
      out[i]?.push("rage");
      last = r;
    }
  }
  return out;
}
