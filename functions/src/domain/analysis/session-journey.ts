import { OUTCOMES, type Outcome, type SignalKind } from "@frictionmap/protocol";
import type { Attempt, Signal, StepVisit } from "../session";
import type { Study, Task } from "../study";
import { stepPlace } from "./journey";

/** How a route ends: the task's success, or any other outcome. */
export const END_SUCCESS = "x:success";
export const END_OTHER = "x:other";

export const isOutcome = (v: unknown): v is Outcome =>
  typeof v === "string" && (OUTCOMES as readonly string[]).includes(v);

/**
 * Whether an outcome is the task's success: its rule matched, or, for a task without a
 * success rule, the participant said they were done (nothing else can confirm it).
 */
export function succeeded(task: Pick<Task, "success">, outcome: Outcome | undefined): boolean {
  return outcome === "success" || (outcome === "claimed" && !task.success);
}

/**
 * What the journey map counts of one session, made by its analysis and kept on the session,
 * so the sessions list filters by exactly what the journey map counted.
 */
export interface SessionJourney {
  /** The analysis saw the session over (completed or abandoned): its outcomes are final. */
  final: boolean;
  /** Task ids the participant started. */
  tasks: string[];
  /** Task ids whose attempt entered every journey step in order. */
  followed: string[];
  /** Step ids entered at least once. */
  reached: string[];
  /** Per task id whose attempt ended without success: the step it was in at the end. */
  dropped: Record<string, string>;
  /** Per task id started: the places the attempt went through, in order (`s:` steps, `p:`
   * pages outside the steps), and last how it ended once it did: `x:success` (the task's
   * success) or `x:other`. The paths view counts these; the sessions list filters by them. */
  routes?: Record<string, string[]>;
  /** Signal counts per task id. */
  signalsByTask: Record<string, Partial<Record<SignalKind, number>>>;
  /** Signal counts per step id (step ids are unique in a study). */
  signalsByStep: Record<string, Partial<Record<SignalKind, number>>>;
  /** Signal counts per task id, of signals in the task but outside its journey steps. */
  signalsOutsideSteps: Record<string, Partial<Record<SignalKind, number>>>;
}

/** How a session counts in the journey map. */
export type Standing = "counted" | "in_progress" | "not_started";

export function standingOf(journey: SessionJourney | undefined): Standing {
  if (!journey?.final) return "in_progress";
  return journey.tasks.length === 0 ? "not_started" : "counted";
}

const bump = (into: Record<string, Partial<Record<SignalKind, number>>>, key: string, kind: SignalKind) => {
  const counts = into[key] ?? {};
  counts[kind] = (counts[kind] ?? 0) + 1;
  into[key] = counts;
};

/** The step an attempt ended in: the last step of its path, else its task's last visit. */
function lastStep(attempt: Attempt, visits: readonly StepVisit[]): string | undefined {
  const fromPath = attempt.path?.at(-1);
  if (fromPath) return fromPath;
  let last: StepVisit | undefined;
  for (const v of visits)
    if (v.taskId === attempt.taskId && (!last || v.enteredAt >= last.enteredAt)) last = v;
  return last?.stepId;
}

/** The journey facts of a session from its analysed attempts, step visits and signals. Pure. */
export function sessionJourney(
  study: Pick<Study, "tasks">,
  input: {
    final: boolean;
    attempts: readonly Attempt[];
    visits: readonly StepVisit[];
    signals: readonly Signal[];
  },
): SessionJourney {
  const tasks = new Map(study.tasks.map((t) => [t.id, t]));
  const routes: Record<string, string[]> = {};
  const out: SessionJourney = {
    final: input.final,
    tasks: [],
    followed: [],
    reached: [],
    dropped: {},
    routes,
    signalsByTask: {},
    signalsByStep: {},
    signalsOutsideSteps: {},
  };
  for (const a of input.attempts) {
    const task = tasks.get(a.taskId);
    if (!task) continue;
    out.tasks.push(task.id);
    if (a.pathSummary?.followed) out.followed.push(task.id);
    const route = a.route ?? (a.path ?? []).map(stepPlace);
    routes[task.id] =
      a.outcome === undefined ? route : [...route, succeeded(task, a.outcome) ? END_SUCCESS : END_OTHER];
    if (a.outcome !== undefined && !succeeded(task, a.outcome)) {
      const step = lastStep(a, input.visits);
      if (step) out.dropped[task.id] = step;
    }
  }
  const reached = new Set<string>();
  for (const v of input.visits) if (tasks.has(v.taskId)) reached.add(v.stepId);
  out.reached = [...reached];
  for (const s of input.signals) {
    if (!s.taskId || !tasks.has(s.taskId)) continue;
    bump(out.signalsByTask, s.taskId, s.kind);
    if (s.stepId) bump(out.signalsByStep, s.stepId, s.kind);
    else bump(out.signalsOutsideSteps, s.taskId, s.kind);
  }
  return out;
}
