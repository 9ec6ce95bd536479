import type { SessionView } from "../api/types";

export interface SessionFilters {
  task?: string;
  outcome?: string;
  signal?: string;
  annotated?: boolean;
}

export function filtersFromQuery(q: Record<string, string>): SessionFilters {
  return {
    ...(q.task ? { task: q.task } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.signal ? { signal: q.signal } : {}),
    ...(q.annotated === "1" ? { annotated: true } : {}),
  };
}

export function filtersToQuery(f: SessionFilters): string {
  const p = new URLSearchParams();
  if (f.task) p.set("task", f.task);
  if (f.outcome) p.set("outcome", f.outcome);
  if (f.signal) p.set("signal", f.signal);
  if (f.annotated) p.set("annotated", "1");
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * Sessions that pass every filter. With a task chosen, the outcome is that task's; without
 * one, any task's outcome counts. "not_finished" matches a task with no outcome yet.
 */
export function filterSessions(items: readonly SessionView[], f: SessionFilters): SessionView[] {
  return items.filter((s) => {
    if (f.task && f.outcome) {
      const o = s.outcomes[f.task];
      if (f.outcome === "not_finished" ? o !== undefined : o !== f.outcome) return false;
    } else if (f.outcome) {
      const outcomes = Object.values(s.outcomes);
      if (f.outcome === "not_finished" ? s.status === "completed" : !outcomes.includes(f.outcome as never)) {
        return false;
      }
    }
    if (f.signal && !((s.signalCounts as Record<string, number | undefined>)[f.signal] ?? 0)) return false;
    if (f.annotated && s.annotationCount === 0) return false;
    return true;
  });
}
