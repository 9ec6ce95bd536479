import type { Annotation } from "../annotation";
import {
  type Attempt,
  OUTCOMES,
  type Outcome,
  type Session,
  type Signal,
  type SignalKind,
  type StepVisit,
} from "../session";
import { JOURNEY_STAGES, type Study } from "../study";
import { type FrictionItem, rankFriction } from "./report-friction";
import { adjustedWald, mean, median, type Proportion, type Spread, spread, susScore } from "./report-stats";
import { DEFAULT_SEVERITY } from "./severity";

/** What the report reads of one session (what the store keeps after analysis). */
export interface ReportSession {
  session: Session;
  attempts: Attempt[];
  visits: StepVisit[];
  signals: Signal[];
}

export interface Quote {
  sessionId: string;
  participant: string;
  text: string;
  /** Reviewer notes: who wrote it and how severe they judged it. */
  author?: string;
  tag?: string;
  severity?: number;
  /** ms into the recording, for participants' reports and annotations. */
  t?: number;
}

export interface StepReport {
  stepId: string;
  name: string;
  stage?: string;
  /** Participants who entered the step at least once. */
  reached: number;
  /** Participants whose journey stopped here: no later step, and the attempt ended without success. */
  droppedOff: number;
  /** Time spent in the step per participant (all visits summed), ms. */
  dwellMs?: Spread;
  signals: Partial<Record<SignalKind, number>>;
  annotations: { count: number; byTag: Record<string, number>; bySeverity: number[] };
  reviewerNotes: Quote[];
  participantWords: Quote[];
}

export interface TaskReport {
  taskId: string;
  title: string;
  participants: number;
  outcomes: Record<Outcome | "in_progress", number>;
  /** Over attempts that ended; undefined when none did. */
  successRate?: Proportion;
  /** Time on task of successful attempts, ms. */
  timeOnTaskMs?: Spread;
  seq: { responses: number; mean?: number };
  /** Attempts whose path entered every step in journey order. */
  followedExpectedPath: number;
  signals: Partial<Record<SignalKind, number>>;
  comments: Quote[];
  steps: StepReport[];
}

export interface StageReport {
  stage: string;
  stepIds: string[];
  /** Participants who reached any step of the stage. */
  reached: number;
  droppedOff: number;
  signals: number;
  annotations: number;
  /** Sum of the friction scores of the stage's steps. */
  frictionScore: number;
}

export interface StudyReport {
  studyId: string;
  name: string;
  sessions: { total: number; completed: number; abandoned: number; active: number; analyzed: number };
  sus?: { responses: number; mean: number; median: number; min: number; max: number };
  tasks: TaskReport[];
  stages: StageReport[];
  friction: FrictionItem[];
  defaultSeverity: Record<SignalKind, number>;
}

const count = <K extends string>(into: Partial<Record<K, number>>, k: K) => {
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
    for (const f of r.session.feedback ?? []) {
      if (f.stepId === step.id) {
        participantWords.push({
          sessionId: r.session.id,
          participant: r.session.participantLabel,
          text: f.text,
          t: f.t,
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

function taskReport(
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
    if (a.outcome === "success" && a.durationMs !== undefined) times.push(a.durationMs);
    if (a.pathSummary?.followed) followed++;
    if (a.comment)
      comments.push({ sessionId: r.session.id, participant: r.session.participantLabel, text: a.comment });
    for (const f of r.session.feedback ?? []) {
      if (f.taskId === task.id && !f.stepId) {
        comments.push({
          sessionId: r.session.id,
          participant: r.session.participantLabel,
          text: f.text,
          t: f.t,
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
export function buildReport(
  study: Study,
  rows: readonly ReportSession[],
  annotations: readonly Annotation[],
): StudyReport {
  const tasks = study.tasks.map((_, i) => taskReport(study, i, rows, annotations));
  const friction = rankFriction(study, rows, annotations, tasks);
  const susScores = rows.map((r) => susScore(r.session.sus)).filter((s): s is number => s !== undefined);
  const stages: StageReport[] = [];
  for (const stage of JOURNEY_STAGES) {
    const steps = tasks.flatMap((t) => t.steps.filter((s) => s.stage === stage));
    if (steps.length === 0) continue;
    const ids = new Set(steps.map((s) => s.stepId));
    const reached = rows.filter((r) => r.visits.some((v) => ids.has(v.stepId))).length;
    stages.push({
      stage,
      stepIds: [...ids],
      reached,
      droppedOff: steps.reduce((n, s) => n + s.droppedOff, 0),
      signals: steps.reduce((n, s) => n + Object.values(s.signals).reduce((m, c) => m + (c ?? 0), 0), 0),
      annotations: steps.reduce((n, s) => n + s.annotations.count, 0),
      frictionScore: round(
        friction.filter((f) => f.stepId && ids.has(f.stepId)).reduce((n, f) => n + f.score, 0),
      ),
    });
  }
  const status = (s: Session["status"]) => rows.filter((r) => r.session.status === s).length;
  return {
    studyId: study.id,
    name: study.name,
    sessions: {
      total: rows.length,
      completed: status("completed"),
      abandoned: status("abandoned"),
      active: status("active"),
      analyzed: rows.filter((r) => r.session.analyzedAt).length,
    },
    ...(susScores.length
      ? {
          sus: {
            responses: susScores.length,
            mean: mean(susScores) as number,
            median: median(susScores) as number,
            min: Math.min(...susScores),
            max: Math.max(...susScores),
          },
        }
      : {}),
    tasks,
    stages,
    friction,
    defaultSeverity: DEFAULT_SEVERITY,
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
