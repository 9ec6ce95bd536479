import {
  type Feedback,
  type PlacedFeedback,
  type Session,
  type Signal,
  type StepVisit,
  stepAt,
} from "../session";
import type { AttemptTrace } from "./journey";
import { DETECTOR_VERSION, type SignalDraft } from "./types";

/**
 * Walks moments (sorted by time) alongside the step visits and attempts (each already in time
 * order) and says which task and step each moment falls in: linear in their total count.
 */
export function placer(visits: readonly StepVisit[], attempts: readonly AttemptTrace[]) {
  let vi = 0;
  let ai = 0;
  return (t: number): { taskId?: string; stepId?: string } => {
    while (ai < attempts.length && (attempts[ai]?.endT ?? Number.POSITIVE_INFINITY) < t) ai++;
    while (vi < visits.length && (visits[vi]?.leftAt ?? 0) < t) vi++;
    const out: { taskId?: string; stepId?: string } = {};
    const a = attempts[ai];
    if (a && a.startT <= t) out.taskId = a.taskId;
    // Visits are consecutive: the one holding t is the last that started at or before it.
    let j = vi;
    let found: StepVisit | undefined;
    while (j < visits.length) {
      const v = visits[j] as StepVisit;
      if (v.enteredAt > t) break;
      if (t <= v.leftAt) found = v;
      j++;
    }
    if (found) {
      out.stepId = found.stepId;
      out.taskId = found.taskId;
    }
    return out;
  };
}

/** Signals with their task and step, ids and detector version, in time order. */
export function placeSignals(
  drafts: SignalDraft[],
  visits: readonly StepVisit[],
  attempts: readonly AttemptTrace[],
): Signal[] {
  drafts.sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind));
  const at = placer(visits, attempts);
  const seen = new Map<string, number>();
  return drafts.map((s): Signal => {
    const base = `sig_${s.kind}_${Math.round(s.t)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      id: n === 0 ? base : `${base}_${n}`,
      ...s,
      t: Math.round(s.t),
      ...at(s.t),
      detectorVersion: DETECTOR_VERSION,
    };
  });
}

/**
 * Places a session's stored "Report a problem" notes on its recording (the participant's
 * clock against the first recorded event) and in the journey step they were written in.
 */
export function placeFeedback(
  session: Pick<Session, "firstTs">,
  feedback: readonly Feedback[],
  visits: readonly StepVisit[],
): PlacedFeedback[] {
  return feedback.map((f) => {
    const out: PlacedFeedback = { ...f };
    if (f.clientTs !== undefined && session.firstTs !== undefined) {
      out.t = Math.max(0, f.clientTs - session.firstTs);
      const step = stepAt(visits, out.t);
      if (step && (!f.taskId || step.taskId === f.taskId)) {
        out.taskId = step.taskId;
        out.stepId = step.stepId;
      }
    }
    return out;
  });
}
