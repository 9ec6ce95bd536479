import type { Attempt, Outcome, Signal, SignalKind } from "../session";
import type { Study } from "../study";
import { type AttemptTrace, summarizePath } from "./journey";

export interface AttemptContext {
  /** Epoch ms of the recording's first event (attempt times are counted from it). */
  t0: number | undefined;
  /** The session is over (completed or swept): an attempt still open was abandoned. */
  sessionEnded: boolean;
  /** Attempts the task panel already stored (SEQ answer, comment, outcome). */
  stored: readonly Attempt[];
}

const iso = (t0: number | undefined, t: number | undefined) =>
  t0 === undefined || t === undefined ? undefined : new Date(t0 + t).toISOString();

function outcomeOf(
  trace: AttemptTrace,
  stored: Attempt | undefined,
  ctx: AttemptContext,
  limitMs?: number,
): Outcome | undefined {
  const said = trace.outcome ?? stored?.outcome;
  if (said) {
    // "I'm done" is a claim; the recording can still show that the rule matched.
    const claimed = said === "claimed" || (said === "gave_up" && stored?.claimedDone === true);
    if (claimed) return trace.successAt !== undefined ? "success" : "claimed";
    return said;
  }
  if (trace.ended) return trace.successAt !== undefined ? "success" : "gave_up";
  if (!ctx.sessionEnded) return undefined;
  if (trace.successAt !== undefined) return "success";
  const spent = (trace.endT ?? trace.startT) - trace.startT;
  return limitMs !== undefined && spent >= limitMs ? "timed_out" : "abandoned";
}

/**
 * The session's task attempts: what the recording shows (times, path, outcome) merged with
 * what the task panel stored (SEQ, comment, the outcome it sent). A task attempted twice
 * keeps its last attempt. Attempts stored without any recorded trace are kept as they are.
 */
export function buildAttempts(
  traces: readonly AttemptTrace[],
  study: Pick<Study, "tasks">,
  ctx: AttemptContext,
): Attempt[] {
  const last = new Map<number, AttemptTrace>();
  for (const tr of traces) last.set(tr.taskIndex, tr);
  const storedBy = new Map(ctx.stored.map((a) => [a.taskIndex, a]));
  const out: Attempt[] = [];
  for (const [taskIndex, tr] of last) {
    const task = study.tasks[taskIndex];
    if (!task) continue;
    const stored = storedBy.get(taskIndex);
    const outcome = outcomeOf(tr, stored, ctx, task.timeLimitSec ? task.timeLimitSec * 1000 : undefined);
    const closed = tr.ended || ctx.sessionEnded || outcome !== undefined;
    const endT = closed ? tr.endT : undefined;
    const a: Attempt = {
      ...stored,
      taskId: task.id,
      taskIndex,
      startedAt: iso(ctx.t0, tr.startT) ?? stored?.startedAt ?? new Date(0).toISOString(),
      startT: tr.startT,
      path: tr.path,
      route: tr.route,
      pathSummary: summarizePath(task, tr.path),
    };
    const endedAt = iso(ctx.t0, endT) ?? stored?.endedAt;
    if (endedAt) a.endedAt = endedAt;
    if (endT !== undefined) {
      a.endT = endT;
      a.durationMs = Math.max(0, endT - tr.startT);
    }
    if (outcome) a.outcome = outcome;
    out.push(a);
  }
  for (const s of ctx.stored) if (!last.has(s.taskIndex)) out.push(s);
  return out.sort((a, b) => a.taskIndex - b.taskIndex);
}

/** The session's outcome per task id, for lists. */
export function outcomesOf(attempts: readonly Attempt[]): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const a of attempts) if (a.outcome) out[a.taskId] = a.outcome;
  return out;
}

export function countSignals(signals: readonly Signal[]): Partial<Record<SignalKind, number>> {
  const out: Partial<Record<SignalKind, number>> = {};
  for (const s of signals) out[s.kind] = (out[s.kind] ?? 0) + 1;
  return out;
}
