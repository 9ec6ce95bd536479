import type { Annotation } from "../annotation";
import type { Attempt, Feedback, Outcome, Session, Signal, SignalKind, StepVisit } from "../session";
import { JOURNEY_STAGES, type Study } from "../study";
import { type FrictionItem, rankFriction } from "./report-friction";
import { mean, median, type Proportion, type Spread, susScore } from "./report-stats";
import { taskReport } from "./report-task";
import { type Standing, standingOf } from "./session-journey";
import { DEFAULT_SEVERITY } from "./severity";

/** What the report reads of one session (what the store keeps after analysis). */
export interface ReportSession {
  session: Session;
  attempts: Attempt[];
  visits: StepVisit[];
  signals: Signal[];
  /** The participant's "Report a problem" notes as stored. */
  feedback: Feedback[];
}

/** A participant's own words: a task comment or a "Report a problem" note. */
export interface Quote {
  sessionId: string;
  participant: string;
  text: string;
  /** Where it came from: the comment after a task, or a note sent during it. */
  source: "comment" | "report";
  /** ms into the recording: when the note was sent, or when the commented task ended. */
  t?: number;
}

/** A reviewer's note on an annotation: never mixed with what participants said. */
export interface ReviewerNote {
  annotationId: string;
  sessionId: string;
  participant: string;
  text: string;
  author: string;
  tag: string;
  severity: number;
  t: number;
  tEnd?: number;
}

export interface StepReport {
  stepId: string;
  name: string;
  stage?: string;
  /** Sessions that entered the step at least once. */
  reached: number;
  /** Attempts that ended without success while in this step (the last step they entered). */
  droppedOff: number;
  /** Time spent in the step per participant (all visits summed), ms; a visit that ends the
   * task has no time of its own and is left out. */
  dwellMs?: Spread;
  /**
   * Every session that reached the step ended the task in it (its last visit lasted until the
   * task ended): its time is the time until the task ended, such as the step of the success.
   */
  endsTask: boolean;
  /** Signals detected in the step, by kind. */
  signals: Partial<Record<SignalKind, number>>;
  /** Sessions with at least one signal of the kind in the step. */
  signalSessions: Partial<Record<SignalKind, number>>;
  /** Reviewer annotations in the step; `sessionIds`: the sessions they were made on. */
  annotations: { count: number; byTag: Record<string, number>; bySeverity: number[]; sessionIds: string[] };
  reviewerNotes: ReviewerNote[];
  participantWords: Quote[];
}

export interface TaskReport {
  taskId: string;
  title: string;
  /** Sessions in the map that started the task. */
  participants: number;
  /** False when the task has no success rule: then `claimed` counts as its success. */
  hasSuccessRule: boolean;
  outcomes: Record<Outcome | "in_progress", number>;
  /** Attempts that succeeded (the rule matched) over attempts that ended. */
  successRate?: Proportion;
  /** Attempts that succeeded or that the participant said were done, over attempts that ended. */
  successOrClaimedRate?: Proportion;
  /** Time on task of successful attempts, ms. */
  timeOnTaskMs?: Spread;
  seq: { responses: number; mean?: number };
  /** Attempts whose path entered every step in journey order. */
  followedExpectedPath: number;
  signals: Partial<Record<SignalKind, number>>;
  /** Sessions with at least one signal of the kind in the task. */
  signalSessions: Partial<Record<SignalKind, number>>;
  comments: Quote[];
  /** Reviewer notes on moments of the task outside its journey steps. */
  reviewerNotes: ReviewerNote[];
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
  /**
   * `counted`: over and analysed, in every number below; `inProgress`: still running or not
   * yet analysed since it ended (left out); `notStarted`: over without a task started (only
   * consented; left out of every task).
   */
  sessions: {
    total: number;
    counted: number;
    inProgress: number;
    notStarted: number;
    completed: number;
    abandoned: number;
    active: number;
    analyzed: number;
  };
  sus?: { responses: number; mean: number; median: number; min: number; max: number };
  tasks: TaskReport[];
  stages: StageReport[];
  friction: FrictionItem[];
  defaultSeverity: Record<SignalKind, number>;
}

/** The rows the journey map counts: sessions that are over, analysed, with a task started. */
export function countedRows(rows: readonly ReportSession[]): ReportSession[] {
  return rows.filter((r) => standingOf(r.session.journey) === "counted");
}

export function buildReport(
  study: Study,
  allRows: readonly ReportSession[],
  allAnnotations: readonly Annotation[],
): StudyReport {
  const rows = countedRows(allRows);
  const ids = new Set(rows.map((r) => r.session.id));
  const annotations = allAnnotations.filter((a) => ids.has(a.sessionId));
  const tasks = study.tasks.map((_, i) => taskReport(study, i, rows, annotations));
  const friction = rankFriction(study, rows, annotations, tasks);
  const susScores = rows.map((r) => susScore(r.session.sus)).filter((s): s is number => s !== undefined);
  const stages: StageReport[] = [];
  for (const stage of JOURNEY_STAGES) {
    const steps = tasks.flatMap((t) => t.steps.filter((s) => s.stage === stage));
    if (steps.length === 0) continue;
    const ids = new Set(steps.map((s) => s.stepId));
    const reached = rows.filter((r) => r.session.journey?.reached.some((id) => ids.has(id))).length;
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
  const standing = (s: Standing) => allRows.filter((r) => standingOf(r.session.journey) === s).length;
  const status = (s: Session["status"]) => allRows.filter((r) => r.session.status === s).length;
  return {
    studyId: study.id,
    name: study.name,
    sessions: {
      total: allRows.length,
      counted: rows.length,
      inProgress: standing("in_progress"),
      notStarted: standing("not_started"),
      completed: status("completed"),
      abandoned: status("abandoned"),
      active: status("active"),
      analyzed: allRows.filter((r) => r.session.analyzedAt).length,
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
