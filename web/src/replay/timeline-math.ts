import type { Annotation, Feedback, Signal, StepVisit, Study } from "../api/types";

/** Pure timeline arithmetic: times are ms from the session's first event. */

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The journey step at time t: the latest-entered visit that holds t (same rule as the API). */
export function stepAt(visits: readonly StepVisit[], t: number): StepVisit | undefined {
  let found: StepVisit | undefined;
  for (const v of visits) {
    if (v.enteredAt <= t && t < v.leftAt && (!found || v.enteredAt >= found.enteredAt)) found = v;
  }
  return found;
}

export interface Segment {
  taskId: string;
  stepId: string;
  label: string;
  stage?: string;
  taskIndex: number;
  /** Percent of the timeline's width. */
  left: number;
  width: number;
  start: number;
  end: number;
}

/**
 * One segment per step visit, in percent of the session's length. Overlaps are cut so that
 * a later visit starts where it starts (segments never overlap and never leave [0, 100]).
 */
export function segments(
  visits: readonly StepVisit[],
  study: Study | undefined,
  durationMs: number,
): Segment[] {
  if (durationMs <= 0) return [];
  const names = new Map<string, { name: string; stage?: string; taskIndex: number }>();
  study?.tasks.forEach((task, taskIndex) => {
    for (const s of task.steps)
      names.set(s.id, { name: s.name, ...(s.stage ? { stage: s.stage } : {}), taskIndex });
  });
  const sorted = [...visits].sort((a, b) => a.enteredAt - b.enteredAt);
  const out: Segment[] = [];
  sorted.forEach((v, i) => {
    const start = clamp(v.enteredAt, 0, durationMs);
    const nextStart = sorted[i + 1]?.enteredAt ?? Number.POSITIVE_INFINITY;
    const end = clamp(Math.min(v.leftAt, nextStart), start, durationMs);
    if (end <= start) return;
    const meta = names.get(v.stepId);
    out.push({
      taskId: v.taskId,
      stepId: v.stepId,
      label: meta?.name ?? "Unknown step",
      ...(meta?.stage ? { stage: meta.stage } : {}),
      taskIndex: meta?.taskIndex ?? 0,
      left: (start / durationMs) * 100,
      width: ((end - start) / durationMs) * 100,
      start,
      end,
    });
  });
  return out;
}

export type MomentKind = "signal" | "feedback" | "annotation";

export interface Moment {
  id: string;
  kind: MomentKind;
  t: number;
  tEnd?: number;
  label: string;
  detail?: string;
  severity?: number;
  stepId?: string;
  source: Signal | Feedback | Annotation;
}

/** Where a participant's problem report sits: its client clock against the first event's. */
export function feedbackTime(f: Feedback, firstTs: number | null, durationMs: number): number | undefined {
  if (f.clientTs === undefined || firstTs === null) return undefined;
  return clamp(f.clientTs - firstTs, 0, durationMs);
}

/** Signals, problem reports and annotations as one list in time order. */
export function moments(
  signals: readonly Signal[],
  feedback: readonly Feedback[],
  annotations: readonly Annotation[],
  firstTs: number | null,
  durationMs: number,
  label: (kind: string) => string = (k) => k,
): Moment[] {
  const out: Moment[] = [];
  for (const s of signals) {
    const detail = (s as Signal & { detail?: string }).detail ?? s.target?.text ?? s.target?.selector;
    out.push({
      id: s.id,
      kind: "signal",
      t: s.t,
      label: label(s.kind),
      ...(detail ? { detail } : {}),
      ...(s.stepId ? { stepId: s.stepId } : {}),
      source: s,
    });
  }
  for (const f of feedback) {
    const t = feedbackTime(f, firstTs, durationMs);
    if (t !== undefined)
      out.push({ id: f.id, kind: "feedback", t, label: "Problem report", detail: f.text, source: f });
  }
  for (const a of annotations) {
    out.push({
      id: a.id,
      kind: "annotation",
      t: a.t,
      ...(a.tEnd !== undefined ? { tEnd: a.tEnd } : {}),
      label: label(a.tag),
      ...(a.note ? { detail: a.note } : {}),
      severity: a.severity,
      ...(a.stepId ? { stepId: a.stepId } : {}),
      source: a,
    });
  }
  const order: Record<MomentKind, number> = { feedback: 0, signal: 1, annotation: 2 };
  return out.sort((a, b) => a.t - b.t || order[a.kind] - order[b.kind] || a.id.localeCompare(b.id));
}

/** The first moment strictly after t (with a small tolerance so j moves on from a seek). */
export function nextMoment(list: readonly Moment[], t: number, epsilon = 250): Moment | undefined {
  return list.find((m) => m.t > t + epsilon);
}

export function previousMoment(list: readonly Moment[], t: number, epsilon = 250): Moment | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as Moment;
    if (m.t < t - epsilon) return m;
  }
  return undefined;
}

export interface PlacedMarker<M> {
  item: M;
  /** Centre, px from the timeline's left edge. */
  x: number;
  lane: number;
}

export interface MarkerCluster<M> {
  items: M[];
  x: number;
  lane: number;
}

/**
 * Lays markers out on `lanes` rows so that none overlaps another (each is `size` px wide
 * plus `gap`): each goes on the first row where it fits; one that fits nowhere joins the
 * cluster on the last row, drawn as a single "+n" marker. Linear after sorting.
 */
export function layoutMarkers<M extends { t: number }>(
  items: readonly M[],
  durationMs: number,
  widthPx: number,
  opts: { size?: number; gap?: number; lanes?: number } = {},
): MarkerCluster<M>[] {
  const size = opts.size ?? 12;
  const gap = opts.gap ?? 2;
  const lanes = Math.max(1, opts.lanes ?? 3);
  const half = size / 2;
  const xOf = (t: number) =>
    durationMs > 0 ? clamp((t / durationMs) * widthPx, half, Math.max(half, widthPx - half)) : half;
  const lastRight = new Array<number>(lanes).fill(Number.NEGATIVE_INFINITY);
  const out: MarkerCluster<M>[] = [];
  const tail: (MarkerCluster<M> | undefined)[] = new Array(lanes).fill(undefined);
  for (const item of [...items].sort((a, b) => a.t - b.t)) {
    const x = xOf(item.t);
    const lane = lastRight.findIndex((r) => x - half >= r + gap);
    if (lane >= 0) {
      const cluster = { items: [item], x, lane };
      out.push(cluster);
      tail[lane] = cluster;
      lastRight[lane] = x + half;
    } else {
      const last = tail[lanes - 1];
      if (last) last.items.push(item);
    }
  }
  return out;
}
