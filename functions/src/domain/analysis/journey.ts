import { compileUrlPattern, type UrlMatcher } from "@frictionmap/protocol";
import type { Outcome, StepVisit } from "../session";
import type { JourneyStep, MatchRule, Study, Task } from "../study";
import { pagePattern } from "./page-pattern";
import { clickMatchesRule } from "./selector-match";
import type { ClickFact } from "./types";

/** A place of a route: a journey step (`s:` id) or a page outside the steps (`p:` pattern). */
export const stepPlace = (stepId: string) => `s:${stepId}`;
export const pagePlace = (pattern: string) => `p:${pattern}`;
/** Places kept per attempt: a participant lost for an hour does not grow the summary without end. */
export const MAX_ROUTE = 40;

/** What a task attempt looked like in the recording. */
export interface AttemptTrace {
  taskId: string;
  taskIndex: number;
  /** ms from the session's first event. */
  startT: number;
  endT?: number;
  /** True when the task panel ended it (false: still open when the recording stopped). */
  ended: boolean;
  outcome?: Outcome;
  /** When the task's success rule first matched, if it did. */
  successAt?: number;
  /** Step ids in the order they were entered (a revisit appears again). */
  path: string[];
  /** Every place in order: steps entered and pages outside the steps (ids collapsed), each
   * change once (a reload of the same place is not a move). */
  route: string[];
}

interface CompiledRule {
  rule: MatchRule;
  url?: UrlMatcher;
}

interface CompiledTask {
  task: Task;
  steps: { step: JourneyStep; rule: CompiledRule }[];
  success?: CompiledRule;
}

function compileRule(rule: MatchRule): CompiledRule {
  return rule.type === "url" ? { rule, url: compileUrlPattern(rule.pattern) } : { rule };
}

type Trigger =
  | { type: "url"; href: string }
  | { type: "click"; click: ClickFact }
  | { type: "event"; name: string };

function fires(r: CompiledRule, trigger: Trigger): boolean {
  if (trigger.type === "url") return r.url?.(trigger.href) ?? false;
  if (trigger.type === "click")
    return r.rule.type === "click" && clickMatchesRule(r.rule.selector, trigger.click);
  return r.rule.type === "event" && r.rule.name === trigger.name;
}

/**
 * Follows the participant through the journey steps of the running task: a step is entered
 * when its rule matches (a page whose URL matches, a click, a custom event) and left when
 * another step is entered, the page changes to one its rule does not match, or the task
 * ends. Steps entered again make new visits; order and skips are judged from the path.
 */
export class JourneyTracker {
  readonly visits: StepVisit[] = [];
  readonly attempts: AttemptTrace[] = [];
  private readonly tasks: CompiledTask[];
  private href: string | undefined;
  private active: { ct: CompiledTask; attempt: AttemptTrace } | undefined;
  private open: { visit: StepVisit; index: number } | undefined;

  /** `onEnter` hears every step entered (with the step's rule type), for step-level U-turns. */
  constructor(
    study: Pick<Study, "tasks">,
    private readonly onEnter?: (t: number, stepId: string, ruleType: MatchRule["type"]) => void,
  ) {
    this.tasks = study.tasks.map((task) => ({
      task,
      steps: task.steps.map((step) => ({ step, rule: compileRule(step.match) })),
      ...(task.success ? { success: compileRule(task.success) } : {}),
    }));
  }

  taskStart(t: number, taskId: string, taskIndex: number): void {
    if (this.active) this.taskEnd(t);
    const ct = this.tasks.find((x) => x.task.id === taskId) ?? this.tasks[taskIndex];
    if (!ct) return;
    const attempt: AttemptTrace = {
      taskId: ct.task.id,
      taskIndex: this.tasks.indexOf(ct),
      startT: t,
      ended: false,
      path: [],
      route: [],
    };
    this.attempts.push(attempt);
    this.active = { ct, attempt };
    if (this.href !== undefined && !this.trigger(t, { type: "url", href: this.href }))
      this.offSteps(this.href);
  }

  taskEnd(t: number, outcome?: Outcome): void {
    if (!this.active) return;
    this.close(t);
    this.active.attempt.endT = t;
    this.active.attempt.ended = true;
    if (outcome) this.active.attempt.outcome = outcome;
    this.active = undefined;
  }

  /** A navigation: `changed` is false when only the hash or nothing of the page changed. */
  navigate(t: number, href: string, changed: boolean): void {
    this.href = href;
    if (!this.active) return;
    const open = this.open;
    if (changed && open) {
      const current = this.active.ct.steps[open.index];
      const stays = current?.rule.url?.(href) ?? false;
      if (!stays) this.close(t);
    }
    if (!this.trigger(t, { type: "url", href }) && changed) this.offSteps(href);
  }

  click(c: ClickFact): void {
    if (this.active) this.trigger(c.t, { type: "click", click: c });
  }

  track(t: number, name: string): void {
    if (this.active) this.trigger(t, { type: "event", name });
  }

  finish(endT: number): void {
    this.close(endT);
    if (this.active) this.active.attempt.endT = endT;
    this.active = undefined;
  }

  /** A page that matches none of the task's steps: a place of the route by its pattern. */
  private offSteps(href: string): void {
    const pattern = pagePattern(href);
    if (pattern !== undefined && this.active) this.place(this.active.attempt, pagePlace(pattern));
  }

  private place(attempt: AttemptTrace, place: string): void {
    if (attempt.route.at(-1) !== place && attempt.route.length < MAX_ROUTE) attempt.route.push(place);
  }

  /** Runs the rules on a trigger; true when it matched a step (a new one, or the one open). */
  private trigger(t: number, trigger: Trigger): boolean {
    const active = this.active;
    if (!active) return false;
    const { ct, attempt } = active;
    if (ct.success && attempt.successAt === undefined && fires(ct.success, trigger)) attempt.successAt = t;
    const current = this.open?.index ?? -1;
    let chosen = -1;
    // Prefer the next expected step; else the first matching step in journey order.
    for (let i = 0; i < ct.steps.length; i++) {
      const s = ct.steps[i];
      if (!s || !fires(s.rule, trigger)) continue;
      if (i === current) return true;
      if (chosen === -1 || (chosen < current && i > current)) chosen = i;
      if (i > current) break;
    }
    if (chosen === -1) return false;
    const step = ct.steps[chosen];
    if (!step) return false;
    this.close(t);
    const visit: StepVisit = { taskId: ct.task.id, stepId: step.step.id, enteredAt: t, leftAt: t };
    this.visits.push(visit);
    this.open = { visit, index: chosen };
    attempt.path.push(step.step.id);
    this.place(attempt, stepPlace(step.step.id));
    this.onEnter?.(t, step.step.id, step.step.match.type);
    return true;
  }

  private close(t: number): void {
    if (!this.open) return;
    this.open.visit.leftAt = Math.max(this.open.visit.enteredAt, t);
    this.open = undefined;
  }
}

/** How an attempt's path compares with the task's expected journey. */
export interface PathSummary {
  /** Steps of the task, in journey order, that were never entered while a later one was. */
  skipped: string[];
  /** Steps entered more than once. */
  revisited: string[];
  /** True when a step was first entered after a step that comes later in the journey. */
  outOfOrder: boolean;
  /** Every step entered, first entries in journey order, none skipped. */
  followed: boolean;
}

export function summarizePath(task: Pick<Task, "steps">, path: readonly string[]): PathSummary {
  const order = new Map(task.steps.map((s, i) => [s.id, i]));
  const seen = new Map<string, number>();
  let outOfOrder = false;
  let highest = -1;
  for (const id of path) {
    const i = order.get(id);
    if (i === undefined) continue;
    if (!seen.has(id)) {
      if (i < highest) outOfOrder = true;
      highest = Math.max(highest, i);
    }
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const skipped = task.steps.filter((s, i) => i < highest && !seen.has(s.id)).map((s) => s.id);
  const revisited = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  const followed = !outOfOrder && skipped.length === 0 && seen.size === task.steps.length;
  return { skipped, revisited, outOfOrder, followed };
}
