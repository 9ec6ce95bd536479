import { describe, expect, it } from "vitest";
import { buildReport, type ReportSession } from "../../../functions/src/domain/analysis/report";
import { csvCell, reportToCsv } from "../../../functions/src/domain/analysis/report-csv";
import { reportToMarkdown } from "../../../functions/src/domain/analysis/report-markdown";
import { timeOnTask } from "../../../functions/src/domain/analysis/report-task";
import type { Annotation } from "../../../functions/src/domain/annotation";
import { FIXTURE_STEP_IDS as S, FIXTURE_TASK_ID as T } from "../../fixtures/analysis-study";
import { reportRow as row, reportStudy as study } from "../../fixtures/report-rows";

const rows = [
  row(
    "P1",
    "completed",
    { outcome: "success", durationMs: 60_000, seq: 6, comment: "Easy enough" },
    [
      [S.home, 0, 10_000],
      [S.services, 10_000, 30_000],
      [S.contact, 30_000, 60_000],
    ],
    [
      ["dead_click", S.services],
      ["dead_click", S.services],
      ["js_error", S.contact],
    ],
    { sus: [4, 2, 4, 1, 5, 2, 4, 2, 3, 2] },
  ),
  row(
    "P2",
    "completed",
    { outcome: "success", durationMs: 90_000, seq: 5 },
    [
      [S.home, 0, 5000],
      [S.services, 5000, 20_000],
      [S.contact, 20_000, 90_000],
    ],
    [["rage_click", S.contact]],
    { sus: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
  ),
  row(
    "P3",
    "abandoned",
    { outcome: "abandoned" },
    [
      [S.home, 0, 20_000],
      [S.services, 20_000, 50_000],
    ],
    [
      ["dead_click", S.services],
      ["u_turn", S.services],
    ],
    {},
    [
      // Written 30 s into the recording (in Services), and one with no time: task level.
      {
        id: "fb1",
        kind: "report",
        text: "Where are the prices?",
        at: "x",
        clientTs: 1_700_000_030_000,
        taskId: T,
      },
      { id: "fb2", kind: "report", text: "Slow site", at: "x", taskId: T },
    ],
  ),
  row("P4", "active", {}, [[S.home, 0, 3000]]),
  row(
    "P5",
    "completed",
    { outcome: "gave_up", durationMs: 120_000, seq: 2, comment: "Gave up | sorry" },
    [[S.home, 0, 120_000]],
    [],
    { sus: [5, 1, 5, 1, 5, 1, 5, 1, 5, 1] },
  ),
];

const ann = (
  sessionLabel: string,
  stepId: string,
  tag: string,
  severity: number,
  note?: string,
): Annotation => ({
  id: `an_${tag}${severity}`.padEnd(23, "0"),
  sessionId: `se_${sessionLabel.padEnd(20, "0")}`,
  studyId: study.id,
  t: 1000,
  taskId: T,
  stepId,
  tag,
  severity,
  ...(note ? { note } : {}),
  author: "Rev",
  createdAt: "x",
  updatedAt: "x",
});
const annotations = [
  ann("P3", S.services, "navigation", 3, "Looked for prices in the footer"),
  ann("P1", S.services, "navigation", 2),
  ann("P2", S.contact, "bug", 4, "=Form error unclear"),
];

describe("the study report", () => {
  const report = buildReport(study, rows, annotations);
  const task = report.tasks[0];
  const step = (id: string) => task?.steps.find((s) => s.stepId === id);

  it("per task: participants, outcomes, adjusted-Wald success rate, time on task, SEQ, comments", () => {
    expect(task).toMatchObject({
      participants: 4,
      hasSuccessRule: true,
      outcomes: { success: 2, claimed: 0, gave_up: 1, timed_out: 0, abandoned: 1, in_progress: 0 },
      successRate: { successes: 2, n: 4, rate: 0.5 },
      successOrClaimedRate: { successes: 2, n: 4, rate: 0.5 },
      timeOnTaskMs: { n: 2, median: 75_000, q1: 67_500, q3: 82_500, min: 60_000, max: 90_000 },
      seq: { responses: 3 },
    });
    expect(task?.successRate?.low).toBeCloseTo(0.15, 4);
    expect(task?.successRate?.high).toBeCloseTo(0.85, 4);
    expect(task?.seq.mean).toBeCloseTo(13 / 3, 10);
    expect(task?.comments.map((c) => c.text)).toEqual(["Easy enough", "Slow site", "Gave up | sorry"]);
    expect(report.sus).toEqual({ responses: 3, mean: 227.5 / 3, median: 77.5, min: 50, max: 100 });
    // The active session is left out of every number, and said to be in progress.
    expect(report.sessions).toEqual({
      total: 5,
      counted: 4,
      inProgress: 1,
      notStarted: 0,
      completed: 3,
      abandoned: 1,
      active: 1,
      analyzed: 5,
    });
  });

  it("per step: reached, dropped off (ended attempts only), median dwell, signals, annotations, quotes", () => {
    expect(step(S.home)).toMatchObject({
      reached: 4,
      droppedOff: 1,
      dwellMs: { median: 15_000 },
      signals: {},
    });
    expect(step(S.services)).toMatchObject({
      reached: 3,
      droppedOff: 1,
      dwellMs: { median: 20_000 },
      signals: { dead_click: 3, u_turn: 1 },
      signalSessions: { dead_click: 2, u_turn: 1 },
      annotations: { count: 2, byTag: { navigation: 2 }, bySeverity: [0, 0, 1, 1, 0] },
    });
    expect(step(S.services)?.reviewerNotes.map((n) => [n.participant, n.text])).toEqual([
      ["P3", "Looked for prices in the footer"],
    ]);
    expect(step(S.services)?.participantWords).toEqual([
      {
        sessionId: rows[2]?.session.id,
        participant: "P3",
        text: "Where are the prices?",
        source: "report",
        t: 30_000,
      },
    ]);
    expect(step(S.contact)).toMatchObject({ reached: 2, droppedOff: 0, dwellMs: { median: 50_000 } });
    expect(step(S.sent)).toMatchObject({ reached: 0, droppedOff: 0, signals: {} });
    expect(step(S.sent)?.dwellMs).toBeUndefined();
  });

  it("ranks friction by frequency × severity and rolls it up by journey stage", () => {
    expect(
      report.friction.map((f) => [f.rank, f.kind, f.stepName, f.participants, f.severity, f.score]),
    ).toEqual([
      [1, "navigation", "Services", 2, 2.5, 1.25],
      [2, "dead_click", "Services", 2, 2, 1],
      [3, "bug", "Contact", 1, 4, 1],
      [4, "js_error", "Contact", 1, 3, 0.75],
      [5, "rage_click", "Contact", 1, 3, 0.75],
      [6, "u_turn", "Services", 1, 2, 0.5],
    ]);
    expect(report.stages).toEqual([
      {
        stage: "awareness",
        stepIds: [S.home],
        reached: 4,
        droppedOff: 1,
        signals: 0,
        annotations: 0,
        frictionScore: 0,
      },
      {
        stage: "consideration",
        stepIds: [S.services],
        reached: 3,
        droppedOff: 1,
        signals: 4,
        annotations: 2,
        frictionScore: 2.75,
      },
      {
        stage: "decision",
        stepIds: [S.contact, S.sent],
        reached: 2,
        droppedOff: 0,
        signals: 2,
        annotations: 1,
        frictionScore: 2.5,
      },
    ]);
  });

  it("exports CSV (formula-safe) and Markdown (escaped)", () => {
    const csv = reportToCsv(report);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^level,task,step,stage,participants/);
    expect(lines[1]).toMatch(/^task,Request a quote,,,4,,,50,15,85,50,15,85,2,0,1,0,1,0,75,67.5,82.5,4.33,/);
    expect(lines.filter((l) => l.startsWith("step,"))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith("friction,"))).toHaveLength(6);
    expect([csvCell("=SUM(A1)"), csvCell('say "hi", ok'), csvCell(-3), csvCell(undefined)]).toEqual([
      "'=SUM(A1)",
      '"say ""hi"", ok"',
      "-3",
      "",
    ]);
    const md = reportToMarkdown(report);
    expect(md).toContain("Success (rule met): 2 of 4 = 50 % (95 % adjusted-Wald 15 %–85 %)");
    expect(md).toContain("Success or said done: 2 of 4 = 50 %");
    expect(md).toContain("Sessions: 4 in this report, of 5 (1 still in progress, left out; 0 not started");
    expect(md).toContain("SUS: mean 75.8, median 77.5 (3 responses, 50–100).");
    expect(md).toContain("> “Where are the prices?” — P3");
    expect(md).toContain("Gave up \\| sorry");
    expect(md).toContain("1. navigation (annotation) at Services");
  });

  it("time on task from the recording, else from the panel's times", () => {
    const base = { taskId: T, taskIndex: 0, startedAt: "2026-01-01T00:00:00.000Z" };
    expect(timeOnTask({ ...base, durationMs: 1234, endedAt: "2026-01-01T00:01:00.000Z" })).toBe(1234);
    expect(timeOnTask({ ...base, endedAt: "2026-01-01T00:01:30.000Z" })).toBe(90_000);
    expect(timeOnTask(base)).toBeUndefined();
    expect(timeOnTask({ ...base, endedAt: "garbage" })).toBeUndefined();
  });

  it("an empty study, and a study with one unfinished session", () => {
    const empty = buildReport(study, [], []);
    expect(empty.sessions.total).toBe(0);
    expect(empty.sus).toBeUndefined();
    expect(empty.tasks[0]).toMatchObject({ participants: 0, seq: { responses: 0 } });
    expect(empty.tasks[0]?.successRate).toBeUndefined();
    expect(empty.tasks[0]?.timeOnTaskMs).toBeUndefined();
    expect(empty.friction).toEqual([]);
    expect(reportToMarkdown(empty)).toContain("No friction detected or tagged yet.");
    expect(reportToCsv(empty).split("\r\n")).toHaveLength(7);

    const one = buildReport(study, [rows[3] as ReportSession], []);
    expect(one.sessions).toMatchObject({ total: 1, counted: 0, inProgress: 1 });
    expect(one.tasks[0]).toMatchObject({ participants: 0, outcomes: { in_progress: 0 } });
    expect(one.tasks[0]?.successRate).toBeUndefined();
    expect(one.tasks[0]?.steps[0]).toMatchObject({ reached: 0, droppedOff: 0 });
  });
});
