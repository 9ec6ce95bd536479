import {
  type FrictionItem,
  OUTCOMES,
  type SignalKind,
  type StepReport,
  type StudyReport,
  type TaskReport,
} from "../api/types";
import { filtersToQuery, type SessionFilters } from "./session-filter";

/**
 * Every number of the journey map with the sessions-list filter that lists exactly what it
 * counts. The map renders its numbers from here, and a test checks each count against the
 * list its filter gives, so a number and its link cannot drift apart.
 */
export interface MapNumber {
  count: number;
  filters: SessionFilters;
}

const counted = (f: SessionFilters): SessionFilters => ({ ...f, standing: "counted" });

export function sessionsHref(studyId: string, n: MapNumber): string {
  return `/studies/${studyId}/sessions${filtersToQuery(n.filters)}`;
}

export function studyNumbers(report: StudyReport) {
  return {
    counted: { count: report.sessions.counted, filters: { standing: "counted" } } as MapNumber,
    inProgress: { count: report.sessions.inProgress, filters: { standing: "in_progress" } } as MapNumber,
    notStarted: { count: report.sessions.notStarted, filters: { standing: "not_started" } } as MapNumber,
  };
}

export function taskNumbers(task: TaskReport) {
  const outcomes = OUTCOMES.map((o) => ({
    outcome: o,
    n: { count: task.outcomes[o], filters: counted({ task: task.taskId, outcome: o }) } as MapNumber,
  }));
  return {
    participants: { count: task.participants, filters: counted({ task: task.taskId }) } as MapNumber,
    outcomes,
    followed: {
      count: task.followedExpectedPath,
      filters: counted({ task: task.taskId, followed: true }),
    } as MapNumber,
  };
}

export function stepNumbers(task: TaskReport, step: StepReport) {
  const signals = (Object.entries(step.signalSessions) as [SignalKind, number][])
    .filter(([, n]) => n)
    .map(([kind, n]) => ({
      kind,
      occurrences: step.signals[kind] ?? 0,
      n: { count: n, filters: counted({ task: task.taskId, step: step.stepId, signal: kind }) } as MapNumber,
    }));
  return {
    reached: { count: step.reached, filters: counted({ task: task.taskId, step: step.stepId }) } as MapNumber,
    dropped: {
      count: step.droppedOff,
      filters: counted({ task: task.taskId, dropped: step.stepId }),
    } as MapNumber,
    signals,
    annotated: {
      count: step.annotations.sessionIds.length,
      filters: counted({ ids: step.annotations.sessionIds }),
    } as MapNumber,
  };
}

export function frictionNumber(f: FrictionItem): MapNumber {
  if (f.source === "annotation") return { count: f.participants, filters: counted({ ids: f.sessionIds }) };
  const place = f.stepId ? { step: f.stepId } : { outsideSteps: true };
  return { count: f.participants, filters: counted({ task: f.taskId, ...place, signal: f.kind }) };
}

/** Every linked number of the map, labelled, for the count/link check. */
export function allMapNumbers(report: StudyReport): { label: string; n: MapNumber }[] {
  const out: { label: string; n: MapNumber }[] = [];
  for (const [k, n] of Object.entries(studyNumbers(report))) out.push({ label: `sessions ${k}`, n });
  for (const t of report.tasks) {
    const tn = taskNumbers(t);
    out.push({ label: `${t.title}: participants`, n: tn.participants });
    out.push({ label: `${t.title}: expected path`, n: tn.followed });
    for (const o of tn.outcomes) out.push({ label: `${t.title}: ${o.outcome}`, n: o.n });
    for (const s of t.steps) {
      const sn = stepNumbers(t, s);
      out.push(
        { label: `${s.name}: reached`, n: sn.reached },
        { label: `${s.name}: dropped`, n: sn.dropped },
      );
      for (const x of sn.signals) out.push({ label: `${s.name}: ${x.kind}`, n: x.n });
      out.push({ label: `${s.name}: annotated`, n: sn.annotated });
    }
  }
  for (const f of report.friction)
    out.push({ label: `fix first #${f.rank} ${f.kind}`, n: frictionNumber(f) });
  return out;
}
