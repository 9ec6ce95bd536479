import { describe, expect, it } from "vitest";
import { buildReport, type ReportSession } from "../../../functions/src/domain/analysis/report";
import { reportToCsv } from "../../../functions/src/domain/analysis/report-csv";
import { reportToMarkdown } from "../../../functions/src/domain/analysis/report-markdown";
import { sessionJourney, standingOf } from "../../../functions/src/domain/analysis/session-journey";
import type { Annotation } from "../../../functions/src/domain/annotation";
import type { Study } from "../../../functions/src/domain/study";
import { FIXTURE_STEP_IDS as S, FIXTURE_TASK_ID as T } from "../../fixtures/analysis-study";
import { reportRow as row, reportStudy as study } from "../../fixtures/report-rows";

const visits: [string, number, number][] = [
  [S.home, 0, 5000],
  [S.contact, 5000, 9000],
];
const rows = [
  row("A", "completed", { outcome: "success", durationMs: 9000 }, [...visits, [S.sent, 9000, 9000]]),
  row("B", "completed", { outcome: "claimed", durationMs: 8000 }, visits, [["rage_click", S.contact]]),
  row("C", "completed", { outcome: "claimed", durationMs: 7000 }, visits),
  row("D", "abandoned", { outcome: "gave_up" }, [[S.home, 0, 4000]]),
  row("E", "abandoned", { outcome: "timed_out" }, visits),
  row("F", "abandoned", { outcome: "abandoned" }, visits),
  row("G", "abandoned", null, []), // consented, never started a task
  row("H", "active", { outcome: "success" }, visits), // still running
  row("I", "completed", { outcome: "success" }, visits, [], { journey: undefined }), // not analysed
];

const annotation = (over: Partial<Annotation>): Annotation => ({
  id: "an_reviewer00000000001",
  sessionId: rows[1]?.session.id as string,
  studyId: study.id,
  t: 6000,
  tEnd: 8000,
  taskId: T,
  stepId: S.contact,
  tag: "confusion",
  severity: 3,
  note: "REVIEWER-ONLY the form hides its error",
  signalId: "sig_rage_click_0",
  author: "Rita Reviewer",
  createdAt: "x",
  updatedAt: "x",
  ...over,
});

describe("the readout: outcomes, counting, words", () => {
  it("says a step ended the task when every session that reached it ended the task there", () => {
    const ended = [
      row("A", "completed", { outcome: "success", endT: 9003 }, [...visits, [S.sent, 9000, 9003]]),
      row("B", "completed", { outcome: "success", endT: 9500 }, [...visits, [S.sent, 9400, 9500]]),
      row("C", "completed", { outcome: "gave_up", endT: 8000 }, [
        [S.home, 0, 5000],
        [S.contact, 5000, 8000],
      ]),
    ];
    const steps = buildReport(study, ended, []).tasks[0]?.steps ?? [];
    const byId = new Map(steps.map((s) => [s.stepId, s]));
    expect(byId.get(S.sent)).toMatchObject({ reached: 2, endsTask: true, dwellMs: { median: 51.5 } });
    // Contact: C ended the task there, A and B went on to Sent.
    expect(byId.get(S.contact)).toMatchObject({ reached: 3, endsTask: false });
    expect(byId.get(S.home)?.endsTask).toBe(false);
  });

  it("success counts `success`; success or claimed counts both; each with its interval", () => {
    const r = buildReport(study, rows, []);
    const task = r.tasks[0];
    expect(task?.outcomes).toEqual({
      success: 1,
      claimed: 2,
      gave_up: 1,
      timed_out: 1,
      abandoned: 1,
      in_progress: 0,
    });
    expect(task?.successRate).toMatchObject({ successes: 1, n: 6 });
    expect(task?.successOrClaimedRate).toMatchObject({ successes: 3, n: 6 });
    expect(task?.successOrClaimedRate?.low).toBeGreaterThan(task?.successRate?.low ?? 1);
    // Time on task is of successful attempts only.
    expect(task?.timeOnTaskMs).toMatchObject({ n: 1, median: 9000 });
    // Every unsuccessful ending is a drop, in the step it ended in; a claim is unconfirmed.
    const contact = task?.steps.find((s) => s.stepId === S.contact);
    const home = task?.steps.find((s) => s.stepId === S.home);
    expect(contact?.droppedOff).toBe(4); // B, C claimed; E timed out; F abandoned
    expect(home?.droppedOff).toBe(1); // D gave up on Home
    // The step that ended the task took no time of its own: no "0 ms" dwell.
    expect(task?.steps.find((s) => s.stepId === S.sent)?.dwellMs).toBeUndefined();
  });

  it("open and unanalysed sessions are left out and counted as in progress; consent only is not started", () => {
    const r = buildReport(study, rows, []);
    expect(r.sessions).toMatchObject({ total: 9, counted: 6, inProgress: 2, notStarted: 1 });
    expect(r.tasks[0]?.participants).toBe(6);
    expect(r.tasks[0]?.steps.find((s) => s.stepId === S.home)?.reached).toBe(6);
    expect(standingOf(rows[6]?.session.journey)).toBe("not_started");
  });

  it("a task with no success rule reports `claimed` as its success", () => {
    const base = study.tasks[0] as Study["tasks"][number];
    const { success: _rule, ...ruleless } = base;
    const open: Study = { ...study, tasks: [ruleless] };
    const again = rows.map(
      (r): ReportSession => ({
        ...r,
        session: {
          ...r.session,
          ...(r.session.journey
            ? {
                journey: sessionJourney(open, {
                  final: r.session.journey.final,
                  attempts: r.attempts,
                  visits: r.visits,
                  signals: r.signals,
                }),
              }
            : {}),
        },
      }),
    );
    const task = buildReport(open, again, []).tasks[0];
    expect(task?.hasSuccessRule).toBe(false);
    expect(task?.successRate).toMatchObject({ successes: 3, n: 6 });
    expect(task?.timeOnTaskMs?.n).toBe(3);
    expect(task?.steps.find((s) => s.stepId === S.contact)?.droppedOff).toBe(2);
    expect(reportToMarkdown(buildReport(open, again, []))).toContain(
      "Success (said done; the task has no success rule): 3 of 6",
    );
  });

  it("reviewer notes never appear as participants' words (JSON, CSV, Markdown)", () => {
    const feedback = [
      {
        id: "fb_partic1",
        kind: "report" as const,
        text: "PARTICIPANT the send button",
        at: "x",
        clientTs: 1_700_000_006_000,
        taskId: T,
      },
    ];
    const withWords = rows.map((r, i) => (i === 1 ? { ...r, feedback } : r));
    const r = buildReport(study, withWords, [annotation({})]);
    const task = r.tasks[0];
    const contact = task?.steps.find((s) => s.stepId === S.contact);
    const words = JSON.stringify([contact?.participantWords, task?.comments]);
    expect(words).toContain("PARTICIPANT");
    expect(words).not.toContain("REVIEWER-ONLY");
    expect(contact?.reviewerNotes).toEqual([
      expect.objectContaining({
        text: "REVIEWER-ONLY the form hides its error",
        author: "Rita Reviewer",
        tEnd: 8000,
      }),
    ]);
    const csv = reportToCsv(r).split("\r\n");
    expect(csv.filter((l) => l.includes("REVIEWER-ONLY")).every((l) => l.startsWith("reviewer_note,"))).toBe(
      true,
    );
    expect(csv.filter((l) => l.includes("REVIEWER-ONLY"))).toHaveLength(1);
    expect(csv.find((l) => l.includes("PARTICIPANT"))).toMatch(/^participant_report,/);
    const md = reportToMarkdown(r);
    const quotes = md.split("\n").filter((l) => l.startsWith("> "));
    expect(quotes.join("\n")).toContain("PARTICIPANT");
    expect(quotes.join("\n")).not.toContain("REVIEWER");
    expect(md).toMatch(
      /### Reviewer notes\n\n- Rita Reviewer on B at 0:06–0:08 \(confusion, severity 3\): REVIEWER-ONLY/,
    );
  });

  it("a signal turned into an annotation is ranked once, as the annotation", () => {
    const r = buildReport(study, rows, [annotation({})]);
    expect(r.friction.map((f) => `${f.source}:${f.kind}`)).toEqual(["annotation:confusion"]);
    const untagged = buildReport(study, rows, []);
    expect(untagged.friction.map((f) => `${f.source}:${f.kind}`)).toEqual(["signal:rage_click"]);
  });
});
