import type { Annotation } from "../annotation";
import type { Attempt, Feedback, Outcome, Session, Signal, SignalKind, StepVisit } from "../session";
import { JOURNEY_STAGES, type Study } from "../study";
import { type FrictionItem, rankFriction } from "./report-friction";
import { mean, median, type Proportion, type Spread, susScore } from "./report-stats";
import { taskReport } from "./report-task";
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
