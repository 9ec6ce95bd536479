import type { Annotation } from "../annotation";
import { type Attempt, OUTCOMES, type SignalKind } from "../session";
import type { Study } from "../study";
import { placeFeedback } from "./place";
import type { Quote, ReportSession, StepReport, TaskReport } from "./report";
import { adjustedWald, mean, spread } from "./report-stats";

/** Per-task and per-step parts of the study report. */

export const count = <K extends string>(into: Partial<Record<K, number>>, k: K) => {
  into[k] = (into[k] ?? 0) + 1;
};

function stepReport(
  study: Study,
  taskIndex: number,
  stepIndex: number,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
): StepReport {
  const task = study.tasks[taskIndex];
  const step = task?.steps[stepIndex];
  if (!task || !step) throw new Error("no such step");
  const later = new Set(task.steps.slice(stepIndex + 1).map((s) => s.id));
  let reached = 0;
  let droppedOff = 0;
  const dwell: number[] = [];
  const signals: Partial<Record<SignalKind, number>> = {};
  const participantWords: Quote[] = [];
  for (const r of rows) {
    const mine = r.visits.filter((v) => v.stepId === step.id);
    if (mine.length > 0) {
      reached++;
      dwell.push(mine.reduce((sum, v) => sum + (v.leftAt - v.enteredAt), 0));
      const wentOn = r.visits.some((v) => v.taskId === task.id && later.has(v.stepId));
      // Only attempts that are over can have stopped somewhere; one in progress has not.
      const outcome = r.attempts.find((a) => a.taskId === task.id)?.outcome;
      if (!wentOn && outcome !== undefined && outcome !== "success") droppedOff++;
    }
    for (const s of r.signals) if (s.stepId === step.id) count(signals, s.kind);
    for (const f of placeFeedback(r.session, r.feedback, r.visits)) {
      if (f.stepId === step.id) {
        participantWords.push({
          sessionId: r.session.id,
          participant: r.session.participantLabel,
          text: f.text,
          ...(f.t !== undefined ? { t: f.t } : {}),
        });
      }
    }
  }
  const labels = new Map(rows.map((r) => [r.session.id, r.session.participantLabel]));
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
    signals,
    annotations: { count: mine.length, byTag, bySeverity },
    reviewerNotes: mine
      .filter((a) => a.note)
      .map((a) => ({
        sessionId: a.sessionId,
        participant: labels.get(a.sessionId) ?? "",
        text: a.note as string,
        author: a.author,
        tag: a.tag,
        severity: a.severity,
        t: a.t,
      })),
    participantWords,
  };
}

/** Time on task: from the recording when analyzed, else from the panel's start and end times. */
export function timeOnTask(a: Attempt): number | undefined {
  if (a.durationMs !== undefined) return a.durationMs;
  if (!a.endedAt) return undefined;
  const ms = Date.parse(a.endedAt) - Date.parse(a.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function taskReport(
  study: Study,
  taskIndex: number,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
) {
  const task = study.tasks[taskIndex];
  if (!task) throw new Error("no such task");
  const outcomes = Object.fromEntries(
    [...OUTCOMES, "in_progress"].map((o) => [o, 0]),
  ) as TaskReport["outcomes"];
  const attempts: { a: Attempt; r: ReportSession }[] = [];
  for (const r of rows) {
    const a = r.attempts.find((x) => x.taskId === task.id);
    if (a) attempts.push({ a, r });
  }
  const seqs: number[] = [];
  const times: number[] = [];
  const comments: Quote[] = [];
  const signals: Partial<Record<SignalKind, number>> = {};
  let followed = 0;
  for (const { a, r } of attempts) {
    outcomes[a.outcome ?? "in_progress"]++;
    if (a.seq !== undefined) seqs.push(a.seq);
    const time = timeOnTask(a);
    if (a.outcome === "success" && time !== undefined) times.push(time);
    if (a.pathSummary?.followed) followed++;
    if (a.comment)
      comments.push({ sessionId: r.session.id, participant: r.session.participantLabel, text: a.comment });
    for (const f of placeFeedback(r.session, r.feedback, r.visits)) {
      if (f.taskId === task.id && !f.stepId) {
        comments.push({
          sessionId: r.session.id,
          participant: r.session.participantLabel,
          text: f.text,
          ...(f.t !== undefined ? { t: f.t } : {}),
        });
      }
    }
  }
  for (const r of rows) for (const s of r.signals) if (s.taskId === task.id) count(signals, s.kind);
  const ended = attempts.length - outcomes.in_progress;
  const report: TaskReport = {
    taskId: task.id,
    title: task.title,
    participants: attempts.length,
    outcomes,
    seq: { responses: seqs.length, ...(seqs.length ? { mean: mean(seqs) } : {}) },
    followedExpectedPath: followed,
    signals,
    comments,
    steps: task.steps.map((_, j) => stepReport(study, taskIndex, j, rows, annotations)),
  };
  const rate = adjustedWald(outcomes.success, ended);
  if (rate) report.successRate = rate;
  const time = spread(times);
  if (time) report.timeOnTaskMs = time;
  return report;
}

/**
 * The journey map of a study: per task its success, time and ease; per journey step who
 * reached it, who stopped there, how long they stayed, what was detected and what reviewers
 * and participants said; a roll-up by customer-journey stage; and the friction to fix first.
 * Pure: everything comes from stored sessions and annotations.
 */
