import type { Attempt, StepVisit, Study } from "../api/types";

/** Pure timeline arithmetic: times are ms from the session's first event. */

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The journey step at time t, and the step a range spends most time in: the API's own rule. */
export { stepAt, stepOfRange, visitAt } from "@frictionmap/functions/step-time";

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

export interface TaskSpan {
  taskId: string;
  taskIndex: number;
  /** ms; `end` is the recording's end for a task still running. */
  start: number;
  end: number;
  /** Percent of the timeline's width. */
  left: number;
  width: number;
  outcome?: string;
}

/**
 * Each task's band on the timeline: from its attempt's start to its end as analysis placed
 * them; a task without analysed times spans its step segments.
 */
export function taskSpans(
  attempts: readonly Pick<Attempt, "taskId" | "taskIndex" | "startT" | "endT" | "outcome">[],
  segs: readonly Segment[],
  durationMs: number,
): TaskSpan[] {
  if (durationMs <= 0) return [];
  const spans = new Map<string, TaskSpan>();
  const put = (taskId: string, taskIndex: number, a: number, b: number, outcome?: string) => {
    const start = clamp(a, 0, durationMs);
    const end = clamp(b, start, durationMs);
    spans.set(taskId, {
      taskId,
      taskIndex,
      start,
      end,
      left: (start / durationMs) * 100,
      width: ((end - start) / durationMs) * 100,
      ...(outcome ? { outcome } : {}),
    });
  };
  const timed = new Set<string>();
  for (const a of attempts) {
    if (a.startT === undefined) continue;
    timed.add(a.taskId);
    put(a.taskId, a.taskIndex, a.startT, a.endT ?? durationMs, a.outcome);
  }
  for (const s of segs) {
    if (timed.has(s.taskId)) continue;
    const span = spans.get(s.taskId);
    const outcome = attempts.find((a) => a.taskId === s.taskId)?.outcome;
    const start = Math.min(span?.start ?? s.start, s.start);
    put(s.taskId, s.taskIndex, start, Math.max(span?.end ?? s.end, s.end), outcome);
  }
  return [...spans.values()].sort((a, b) => a.start - b.start);
}
