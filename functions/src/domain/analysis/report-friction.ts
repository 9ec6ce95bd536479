import type { Annotation } from "../annotation";
import type { SignalKind } from "../session";
import type { Study } from "../study";
import type { ReportSession, TaskReport } from "./report";
import { DEFAULT_SEVERITY } from "./severity";

/** One problem on the ranked list: a signal kind or a reviewer tag at a journey step. */
export interface FrictionItem {
  rank: number;
  taskId: string;
  stepId?: string;
  stepName?: string;
  source: "signal" | "annotation";
  /** A signal kind, or the reviewers' tag. */
  kind: string;
  occurrences: number;
  /** Participants it happened to, and their sessions. */
  participants: number;
  sessionIds: string[];
  /** participants / participants of the task, 0–1. */
  frequency: number;
  /** Nielsen 0–4: the kind's default for signals, the reviewers' mean for annotations. */
  severity: number;
  /** frequency × severity: what to fix first. */
  score: number;
}

interface Group {
  taskId: string;
  stepId?: string;
  source: "signal" | "annotation";
  kind: string;
  occurrences: number;
  sessions: Set<string>;
  severities: number[];
}

/**
 * The friction list, highest score first: detected signals grouped by step and kind, and
 * reviewer annotations grouped by step and tag (a signal a reviewer tagged counts only as the
 * annotation). Score = frequency (share of the task's
 * participants affected) × severity; ties go to more occurrences, then journey order.
 */
export function rankFriction(
  study: Study,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
  tasks: readonly TaskReport[],
): FrictionItem[] {
  const groups = new Map<string, Group>();
  const add = (
    g: Omit<Group, "occurrences" | "sessions" | "severities">,
    sessionId: string,
    severity: number,
  ) => {
    const key = `${g.taskId}|${g.stepId ?? ""}|${g.source}|${g.kind}`;
    let group = groups.get(key);
    if (!group) {
      group = { ...g, occurrences: 0, sessions: new Set(), severities: [] };
      groups.set(key, group);
    }
    group.occurrences++;
    group.sessions.add(sessionId);
    group.severities.push(severity);
  };
  // A signal a reviewer turned into an annotation is one moment: ranked once, as the annotation.
  const tagged = new Set(annotations.flatMap((a) => (a.signalId ? [`${a.sessionId}|${a.signalId}`] : [])));
  for (const r of rows) {
    for (const s of r.signals) {
      if (!s.taskId || tagged.has(`${r.session.id}|${s.id}`)) continue;
      add(
        { taskId: s.taskId, ...(s.stepId ? { stepId: s.stepId } : {}), source: "signal", kind: s.kind },
        r.session.id,
        DEFAULT_SEVERITY[s.kind as SignalKind],
      );
    }
  }
  for (const a of annotations) {
    if (!a.taskId) continue;
    add(
      { taskId: a.taskId, ...(a.stepId ? { stepId: a.stepId } : {}), source: "annotation", kind: a.tag },
      a.sessionId,
      a.severity,
    );
  }
  const participants = new Map(tasks.map((t) => [t.taskId, t.participants]));
  const order = new Map<string, number>();
  const names = new Map<string, string>();
  let n = 0;
  for (const t of study.tasks) {
    for (const s of t.steps) {
      order.set(s.id, n++);
      names.set(s.id, s.name);
    }
  }
  const items = [...groups.values()].map((g) => {
    const total = Math.max(participants.get(g.taskId) ?? 0, g.sessions.size);
    const frequency = total === 0 ? 0 : g.sessions.size / total;
    const severity = g.severities.reduce((a, b) => a + b, 0) / g.severities.length;
    const stepName = g.stepId ? names.get(g.stepId) : undefined;
    return {
      rank: 0,
      taskId: g.taskId,
      ...(g.stepId ? { stepId: g.stepId } : {}),
      ...(stepName ? { stepName } : {}),
      source: g.source,
      kind: g.kind,
      occurrences: g.occurrences,
      participants: g.sessions.size,
      sessionIds: [...g.sessions],
      frequency: Math.round(frequency * 1000) / 1000,
      severity: Math.round(severity * 100) / 100,
      score: Math.round(frequency * severity * 1000) / 1000,
    };
  });
  items.sort(
    (a, b) =>
      b.score - a.score ||
      b.occurrences - a.occurrences ||
      (order.get(a.stepId ?? "") ?? n) - (order.get(b.stepId ?? "") ?? n) ||
      a.kind.localeCompare(b.kind),
  );
  items.forEach((it, i) => {
    it.rank = i + 1;
  });
  return items;
}
