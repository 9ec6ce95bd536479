import type { Annotation } from "../annotation";
import { type Attempt, OUTCOMES, type SignalKind } from "../session";
import type { Study, Task } from "../study";
import { placeFeedback } from "./place";
import type { Quote, ReportSession, ReviewerNote, StepReport, TaskReport } from "./report";
import { adjustedWald, mean, spread } from "./report-stats";
import { succeeded } from "./session-journey";

/** Per-task and per-step parts of the study report; `rows` are the sessions the map counts. */

export const count = <K extends string>(into: Partial<Record<K, number>>, k: K, n = 1) => {
  into[k] = (into[k] ?? 0) + n;
};

type Counts = Partial<Record<SignalKind, number>>;

/** Occurrences and sessions per signal kind over the rows' counts at one place. */
function signalTotals(perSession: readonly (Counts | undefined)[]) {
  const signals: Counts = {};
  const sessions: Counts = {};
  for (const counts of perSession) {
    for (const [kind, n] of Object.entries(counts ?? {}) as [SignalKind, number][]) {
      if (!n) continue;
      count(signals, kind, n);
      count(sessions, kind);
    }
  }
  return { signals, sessions };
}

export function reviewerNotes(annotations: readonly Annotation[], rows: readonly ReportSession[]) {
  const labels = new Map(rows.map((r) => [r.session.id, r.session.participantLabel]));
  return annotations
    .filter((a) => a.note)
    .map(
      (a): ReviewerNote => ({
        annotationId: a.id,
        sessionId: a.sessionId,
        participant: labels.get(a.sessionId) ?? "",
        text: a.note as string,
        author: a.author,
        tag: a.tag,
        severity: a.severity,
        t: a.t,
        ...(a.tEnd !== undefined ? { tEnd: a.tEnd } : {}),
      }),
    );
}

/** Time in a step: a visit that lasted no time (the step that ended the task) adds nothing. */
function dwellOf(visits: readonly { enteredAt: number; leftAt: number }[]): number | undefined {
  const timed = visits.filter((v) => v.leftAt > v.enteredAt);
  return timed.length ? timed.reduce((sum, v) => sum + (v.leftAt - v.enteredAt), 0) : undefined;
}

function stepReport(
  task: Task,
  stepIndex: number,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
): StepReport {
  const step = task.steps[stepIndex];
  if (!step) throw new Error("no such step");
  let reached = 0;
  let droppedOff = 0;
  let endedHere = 0;
  const dwell: number[] = [];
  const participantWords: Quote[] = [];
  for (const r of rows) {
    const journey = r.session.journey;
    if (journey?.reached.includes(step.id)) {
      reached++;
      const mine = r.visits.filter((v) => v.stepId === step.id);
      const ms = dwellOf(mine);
      if (ms !== undefined) dwell.push(ms);
      const endT = r.attempts.find((a) => a.taskId === task.id)?.endT;
      const last = mine.at(-1);
      if (endT !== undefined && last && last.leftAt >= endT) endedHere++;
    }
    if (journey?.dropped[task.id] === step.id) droppedOff++;
    for (const f of placeFeedback(r.session, r.feedback, r.visits)) {
      if (f.stepId === step.id) participantWords.push(quote(r, f.text, "report", f.t));
    }
  }
  const totals = signalTotals(rows.map((r) => r.session.journey?.signalsByStep[step.id]));
  const mine = annotations.filter((a) => a.stepId === step.id);
  const byTag: Record<string, number> = {};
  const bySeverity = [0, 0, 0, 0, 0];
  for (const a of mine) {
    count(byTag, a.tag);
    bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
  }
  return {
    stepId: step.id,
    name: step.name,
    ...(step.stage ? { stage: step.stage } : {}),
    reached,
    droppedOff,
    ...(dwell.length ? { dwellMs: spread(dwell) } : {}),
    endsTask: reached > 0 && endedHere === reached,
    signals: totals.signals,
    signalSessions: totals.sessions,
    annotations: {
      count: mine.length,
      byTag,
      bySeverity,
      sessionIds: [...new Set(mine.map((a) => a.sessionId))],
    },
    reviewerNotes: reviewerNotes(mine, rows),
    participantWords,
  };
}

const quote = (r: ReportSession, text: string, source: Quote["source"], t?: number): Quote => ({
  sessionId: r.session.id,
  participant: r.session.participantLabel,
  text,
  source,
  ...(t !== undefined ? { t } : {}),
});

/** Time on task: from the recording when analyzed, else from the panel's start and end times. */
export function timeOnTask(a: Attempt): number | undefined {
  if (a.durationMs !== undefined) return a.durationMs;
  if (!a.endedAt) return undefined;
  const ms = Date.parse(a.endedAt) - Date.parse(a.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * One task of the journey map: its success (rule met) and success-or-claimed rates, time
 * and ease; per journey step who reached it, who stopped there, how long they stayed, what
 * was detected, what participants said and, apart, what reviewers noted. Pure.
 */
export function taskReport(
  study: Study,
  taskIndex: number,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
): TaskReport {
  const task = study.tasks[taskIndex];
  if (!task) throw new Error("no such task");
  const outcomes = Object.fromEntries(
    [...OUTCOMES, "in_progress"].map((o) => [o, 0]),
  ) as TaskReport["outcomes"];
  const attempts: { a: Attempt; r: ReportSession }[] = [];
  for (const r of rows) {
    if (!r.session.journey?.tasks.includes(task.id)) continue;
    const a = r.attempts.find((x) => x.taskId === task.id);
    if (a) attempts.push({ a, r });
  }
  const seqs: number[] = [];
  const times: number[] = [];
  const comments: Quote[] = [];
  let followed = 0;
  let wins = 0;
  let claims = 0;
  for (const { a, r } of attempts) {
    outcomes[a.outcome ?? "in_progress"]++;
    if (succeeded(task, a.outcome)) wins++;
    if (a.outcome === "success" || a.outcome === "claimed") claims++;
    if (a.seq !== undefined) seqs.push(a.seq);
    const time = timeOnTask(a);
    if (succeeded(task, a.outcome) && time !== undefined) times.push(time);
    if (r.session.journey?.followed.includes(task.id)) followed++;
    if (a.comment) comments.push(quote(r, a.comment, "comment", a.endT));
    for (const f of placeFeedback(r.session, r.feedback, r.visits)) {
      if (f.taskId === task.id && !f.stepId) comments.push(quote(r, f.text, "report", f.t));
    }
  }
  const totals = signalTotals(rows.map((r) => r.session.journey?.signalsByTask[task.id]));
  const ended = attempts.length - outcomes.in_progress;
  const stepIds = new Set(task.steps.map((s) => s.id));
  const report: TaskReport = {
    taskId: task.id,
    title: task.title,
    participants: attempts.length,
    hasSuccessRule: task.success !== undefined,
    outcomes,
    seq: { responses: seqs.length, ...(seqs.length ? { mean: mean(seqs) } : {}) },
    followedExpectedPath: followed,
    signals: totals.signals,
    signalSessions: totals.sessions,
    comments,
    reviewerNotes: reviewerNotes(
      annotations.filter((a) => a.taskId === task.id && !(a.stepId && stepIds.has(a.stepId))),
      rows,
    ),
    steps: task.steps.map((_, j) => stepReport(task, j, rows, annotations)),
  };
  const rate = adjustedWald(wins, ended);
  if (rate) report.successRate = rate;
  const either = adjustedWald(claims, ended);
  if (either) report.successOrClaimedRate = either;
  const time = spread(times);
  if (time) report.timeOnTaskMs = time;
  return report;
}
