import type { SessionView, Standing } from "../api/types";

/**
 * What the sessions list is narrowed to. The journey map links here with `standing` set, so
 * every list it links to holds exactly the sessions its number counts.
 */
export interface SessionFilters {
  task?: string;
  outcome?: string;
  signal?: string;
  annotated?: boolean;
  /** A journey step: sessions that reached it; with `signal`, signals inside that step. */
  step?: string;
  /** With `task` and `signal`: only signals of the task outside its journey steps. */
  outsideSteps?: boolean;
  /** With `task`: sessions whose attempt entered every journey step in order. */
  followed?: boolean;
  /** A journey step: sessions whose attempt ended without success while in it. */
  dropped?: string;
  /** How the journey map counts the session: `counted` (over and analysed, a task started),
   * `in_progress` (running, or not analysed since it ended), `not_started` (consent only). */
  standing?: Standing;
  /** With `task`: sessions whose route through the task took exactly these places, `>`-joined
   * (the paths view's routes). */
  route?: string;
  /** With `task`: sessions whose route made this move, `{column}:{from}>{to}` (a link of the
   * paths flow). */
  hop?: string;
  /** Exactly these sessions (what a number of the map counted, when no filter says it). */
  ids?: string[];
}

const FLAGS = { annotated: "annotated", outsideSteps: "outside", followed: "followed" } as const;
const TEXTS = ["task", "outcome", "signal", "step", "dropped", "route", "hop"] as const;
const STANDINGS: readonly string[] = ["counted", "in_progress", "not_started"];

export function filtersFromQuery(q: Record<string, string>): SessionFilters {
  const f: SessionFilters = {};
  for (const k of TEXTS) if (q[k]) f[k] = q[k];
  for (const [k, param] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    if (q[param] === "1") f[k] = true;
  }
  if (q.standing && STANDINGS.includes(q.standing)) f.standing = q.standing as Standing;
  if (q.ids) f.ids = q.ids.split(",").filter(Boolean);
  return f;
}

export function filtersToQuery(f: SessionFilters): string {
  const p = new URLSearchParams();
  for (const k of TEXTS) if (f[k]) p.set(k, f[k] as string);
  for (const [k, param] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    if (f[k]) p.set(param, "1");
  }
  if (f.standing) p.set("standing", f.standing);
  if (f.ids) p.set("ids", f.ids.join(","));
  const s = p.toString();
  return s ? `?${s}` : "";
}

type Counts = Partial<Record<string, number>>;

/** The signal counts the filters point at: of a step, of a task (in or outside its steps), or all. */
function signalCountsFor(s: SessionView, f: SessionFilters): Counts | undefined {
  const j = s.journey;
  if (f.step) return j?.signalsByStep[f.step];
  if (f.task && f.outsideSteps) return j?.signalsOutsideSteps[f.task];
  if (f.task) return j?.signalsByTask[f.task];
  return s.signalCounts;
}

/** The move `{column}:{from}>{to}` made at that position of a route. */
export function madeHop(route: readonly string[], hop: string): boolean {
  const m = /^(\d{1,3}):(.+)$/.exec(hop);
  if (!m) return false;
  const column = Number(m[1]);
  return `${route[column]}>${route[column + 1]}` === m[2];
}

function startedTask(s: SessionView, task: string): boolean {
  return (s.journey?.tasks.includes(task) ?? false) || s.outcomes[task] !== undefined;
}

/**
 * Sessions that pass every filter. A task alone keeps the sessions that started it; with an
 * outcome, that task's outcome; without a task, any task's outcome counts. "not_finished"
 * matches a task with no outcome yet. A signal is looked for where the filters point: the
 * step, the task, or anywhere.
 */
export function filterSessions(items: readonly SessionView[], f: SessionFilters): SessionView[] {
  return items.filter((s) => {
    if (f.standing && s.standing !== f.standing) return false;
    if (f.ids && !f.ids.includes(s.id)) return false;
    if (f.task && !f.outcome && !startedTask(s, f.task)) return false;
    if (f.task && f.outcome) {
      const o = s.outcomes[f.task];
      if (f.outcome === "not_finished" ? o !== undefined : o !== f.outcome) return false;
    } else if (f.outcome) {
      const outcomes = Object.values(s.outcomes);
      if (f.outcome === "not_finished" ? s.status === "completed" : !outcomes.includes(f.outcome as never)) {
        return false;
      }
    }
    if (f.followed && !(f.task && s.journey?.followed.includes(f.task))) return false;
    if (f.step && !f.signal && !s.journey?.reached.includes(f.step)) return false;
    if (f.dropped) {
      const dropped = s.journey?.dropped ?? {};
      const at = f.task ? dropped[f.task] : Object.values(dropped).find((id) => id === f.dropped);
      if (at !== f.dropped) return false;
    }
    if (f.signal && !(signalCountsFor(s, f)?.[f.signal] ?? 0)) return false;
    if (f.annotated && s.annotationCount === 0) return false;
    const route = f.task ? s.journey?.routes?.[f.task] : undefined;
    if (f.route !== undefined && route?.join(">") !== f.route) return false;
    if (f.hop !== undefined && !(route && madeHop(route, f.hop))) return false;
    return true;
  });
}
