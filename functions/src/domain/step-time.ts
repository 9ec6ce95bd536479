/**
 * Which journey step a moment or a range of the recording belongs to. Pure and free of
 * imports, so the API (annotations, clips, placing feedback) and the reviewer (the step shown
 * at the playhead, the step an annotation form proposes) use one rule.
 */

/** When a session was in a journey step (ms from the session's first event). */
export interface StepVisit {
  taskId: string;
  stepId: string;
  enteredAt: number;
  leftAt: number;
}

export interface StepRef {
  taskId: string;
  stepId: string;
}

/** The visit holding t: of those that hold it, the latest entered (visits may overlap). */
export function visitAt<V extends StepVisit>(visits: readonly V[], t: number): V | undefined {
  let found: V | undefined;
  for (const v of visits) {
    if (v.enteredAt <= t && t < v.leftAt && (!found || v.enteredAt >= found.enteredAt)) found = v;
  }
  return found;
}

/** The journey step a moment of the recording falls in, if any. */
export function stepAt(visits: readonly StepVisit[], t: number): StepRef | undefined {
  const v = visitAt(visits, t);
  return v ? { taskId: v.taskId, stepId: v.stepId } : undefined;
}

/**
 * The step a range [t, tEnd] spends most of its time in (the step at each instant as
 * `stepAt` says); on a tie, the one the range reaches first. A point (no end, or an end not
 * after the start) is the step at t. Undefined when the range touches no step at all.
 */
export function stepOfRange(visits: readonly StepVisit[], t: number, tEnd?: number): StepRef | undefined {
  if (tEnd === undefined || tEnd <= t) return stepAt(visits, t);
  const cuts = new Set([t, tEnd]);
  for (const v of visits) {
    if (v.enteredAt > t && v.enteredAt < tEnd) cuts.add(v.enteredAt);
    if (v.leftAt > t && v.leftAt < tEnd) cuts.add(v.leftAt);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const spent = new Map<string, { ref: StepRef; ms: number; first: number }>();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i] as number;
    const to = sorted[i + 1] as number;
    // Every instant of [from, to) is in the same step: no visit starts or ends inside it.
    const ref = stepAt(visits, from);
    if (!ref) continue;
    const key = `${ref.taskId}\u0000${ref.stepId}`;
    const seen = spent.get(key);
    if (seen) seen.ms += to - from;
    else spent.set(key, { ref, ms: to - from, first: from });
  }
  let best: { ref: StepRef; ms: number; first: number } | undefined;
  for (const s of spent.values()) {
    if (!best || s.ms > best.ms || (s.ms === best.ms && s.first < best.first)) best = s;
  }
  return best?.ref;
}
