import { describe, expect, it } from "vitest";
import { reducePanel, secondsLeft } from "../../../recorder/src/panel-reducer";
import {
  initialUi,
  type PanelAction,
  type PanelEffect,
  type PanelModel,
  type PanelState,
  type PanelStudy,
} from "../../../recorder/src/panel-state";

const study: PanelStudy = {
  tasks: [
    { id: "t1", startUrl: "http://site.test/" },
    { id: "t2", startUrl: "http://site.test/start" },
  ],
  susCount: 10,
};
const model = (saved: PanelState): PanelModel => ({ saved, ui: initialUi() });

/** Runs actions from a state; returns the last model and every effect, in order. */
function run(from: PanelState, ...actions: PanelAction[]) {
  let m = model(from);
  const effects: PanelEffect[] = [];
  for (const a of actions) {
    const step = reducePanel(m, a, study);
    m = step.model;
    effects.push(...step.effects);
  }
  return { model: m, effects };
}
const types = (effects: PanelEffect[]) => effects.map((e) => e.type);
const running: PanelState = { taskIndex: 0, phase: "running", taskStartedAt: 1000 };

describe("panel reducer", () => {
  it("starts a task: running since the action's time, on the timeline and sent, then the URL rule is checked", () => {
    const { model: m, effects } = run({ taskIndex: 0, phase: "intro" }, { type: "start", at: 5000 });
    expect(m.saved).toEqual({ taskIndex: 0, phase: "running", taskStartedAt: 5000 });
    expect(effects).toEqual([
      { type: "emit-task", payload: { action: "start", taskId: "t1", taskIndex: 0 } },
      { type: "send-attempt", taskIndex: 0, event: { event: "start" } },
      { type: "render" },
      { type: "check-url" },
    ]);
  });

  it.each([
    ["rule-matched", "success"],
    ["done", "claimed"],
    ["give-up", "gave_up"],
    ["time-up", "timed_out"],
  ] as const)(
    "ends a running task on %s with outcome %s, on the wire as {event: end, outcome}",
    (type, outcome) => {
      const { model: m, effects } = run(running, { type });
      expect(m.saved).toEqual({ taskIndex: 0, phase: "post", outcome, collapsed: false });
      expect(effects).toEqual([
        { type: "emit-task", payload: { action: "end", taskId: "t1", taskIndex: 0, outcome } },
        { type: "send-attempt", taskIndex: 0, event: { event: "end", outcome } },
        { type: "render" },
      ]);
    },
  );

  it("ends a task once: a rule matching after the participant's 'I'm done' changes nothing", () => {
    const { model: m, effects } = run(
      running,
      { type: "done" },
      { type: "rule-matched" },
      { type: "time-up" },
    );
    expect(m.saved.outcome).toBe("claimed");
    expect(effects.filter((e) => e.type === "send-attempt")).toHaveLength(1);
  });

  it("ignores actions that do not fit the phase (a stale click, a double start)", () => {
    const intro = model({ taskIndex: 0, phase: "intro" });
    for (const a of [
      { type: "done" },
      { type: "seq", value: 3 },
      { type: "next" },
      { type: "sus-submit" },
    ] as const) {
      const step = reducePanel(intro, a, study);
      expect(step.model).toBe(intro);
      expect(step.effects).toEqual([]);
    }
    expect(run(running, { type: "start", at: 9 }).effects).toEqual([]);
  });

  it("opens a minimized panel when the task ends, so the question is seen", () => {
    const { model: m } = run({ ...running, collapsed: true }, { type: "rule-matched" });
    expect(m.saved.collapsed).toBe(false);
  });

  it("keeps the SEQ answer and the comment in the saved state (they survive a page load), and sends them on next", () => {
    const { model: m, effects } = run(
      { taskIndex: 0, phase: "post", outcome: "success" },
      { type: "seq", value: 6 },
      { type: "comment", text: "  Easy.  " },
    );
    expect(m.saved).toMatchObject({ seq: 6, comment: "  Easy.  " });
    expect(types(effects)).toEqual(["render"]); // typing renders nothing: the caret stays
    const next = reducePanel(m, { type: "next" }, study);
    expect(next.model.saved).toEqual({ taskIndex: 1, phase: "intro" });
    expect(next.effects).toEqual([
      { type: "send-attempt", taskIndex: 0, event: { event: "answer", seq: 6, comment: "Easy." } },
      { type: "render" },
      { type: "flush" },
      { type: "navigate", url: "http://site.test/start" },
    ]);
  });

  it("refuses a SEQ answer outside 1–7 and caps a comment at 2000 characters", () => {
    const post: PanelState = { taskIndex: 0, phase: "post" };
    expect(run(post, { type: "seq", value: 8 }).model.saved.seq).toBeUndefined();
    expect(run(post, { type: "comment", text: "x".repeat(5000) }).model.saved.comment).toHaveLength(2000);
  });

  it("sends no answer when none was given, and goes to SUS after the last task", () => {
    const { model: m, effects } = run({ taskIndex: 1, phase: "post" }, { type: "next" });
    expect(m.saved).toEqual({ taskIndex: 1, phase: "sus", sus: new Array(10).fill(0) });
    expect(types(effects)).toEqual(["render"]);
  });

  it("finishes after the last task when the study has no SUS", () => {
    const step = reducePanel(
      model({ taskIndex: 1, phase: "post", seq: 2 }),
      { type: "next" },
      { ...study, susCount: 0 },
    );
    expect(step.model.saved.phase).toBe("done");
    expect(types(step.effects)).toEqual(["send-attempt", "render", "flush", "send-complete", "finish"]);
  });

  it("keeps SUS answers in the saved state; Finish with items unanswered names them and finishes nothing", () => {
    const answers = [1, 2, 4, 5, 6, 7, 8, 9].map(
      (q) => ({ type: "sus-answer", question: q, answer: 3 }) as const,
    );
    const { model: m, effects } = run({ taskIndex: 1, phase: "sus" }, ...answers, { type: "sus-submit" });
    expect(m.saved.sus).toEqual([3, 3, 0, 3, 3, 3, 3, 3, 3, 0]);
    expect(m.ui.missing).toEqual([3, 10]);
    expect(effects.slice(-2)).toEqual([{ type: "render" }, { type: "reveal", question: 3 }]);
    expect(effects.some((e) => e.type === "send-complete")).toBe(false);

    const answered = reducePanel(m, { type: "sus-answer", question: 3, answer: 5 }, study);
    expect(answered.model.ui.missing).toEqual([10]); // the note shrinks as items are answered
    const last = reducePanel(answered.model, { type: "sus-answer", question: 10, answer: 1 }, study);
    const done = reducePanel(last.model, { type: "sus-submit" }, study);
    expect(done.model.saved.phase).toBe("done");
    expect(done.effects).toContainEqual({ type: "send-complete", sus: [3, 3, 5, 3, 3, 3, 3, 3, 3, 1] });
    expect(done.effects.at(-1)).toEqual({ type: "finish" });
  });

  it("refuses SUS answers that are not 1–5 or name no statement", () => {
    const sus: PanelState = { taskIndex: 1, phase: "sus", sus: new Array(10).fill(0) };
    for (const [question, answer] of [
      [0, 3],
      [11, 3],
      [2, 0],
      [2, 6],
      [2, 2.5],
    ] as const) {
      expect(run(sus, { type: "sus-answer", question, answer }).model.saved.sus).toEqual(
        new Array(10).fill(0),
      );
    }
  });

  it("minimizes and expands (saved: it holds across pages); the same action twice changes nothing", () => {
    const { model: m, effects } = run(running, { type: "minimize" }, { type: "minimize" });
    expect(m.saved.collapsed).toBe(true);
    expect(types(effects)).toEqual(["render"]);
    expect(run(m.saved, { type: "expand" }).model.saved.collapsed).toBe(false);
  });

  it("persists only on meaningful change: the saved state keeps its identity for page-only changes", () => {
    const m = model(running);
    for (const a of [
      { type: "report-open" },
      { type: "report-text", text: "The menu hides" },
      { type: "report-cancel" },
      { type: "start", at: 1 },
    ] as const) {
      expect(reducePanel(m, a, study).model.saved).toBe(m.saved);
    }
  });

  it("sends a problem report with the running task, on the timeline too, and thanks", () => {
    const { model: m, effects } = run(
      running,
      { type: "report-open" },
      { type: "report-text", text: "  The menu hides  " },
      { type: "report-send" },
    );
    expect(m.ui).toMatchObject({ reporting: false, reportText: "", notice: "Thanks, your note was added." });
    expect(effects.filter((e) => e.type !== "render")).toEqual([
      { type: "emit-report", text: "The menu hides" },
      { type: "send-report", text: "The menu hides", taskId: "t1" },
    ]);
    expect(run(running, { type: "report-open" }, { type: "report-send" }).effects).toEqual([
      { type: "render" },
    ]);
  });

  it("counts the time left of a running task with a limit", () => {
    expect(secondsLeft(running, 60, 1000)).toBe(60);
    expect(secondsLeft(running, 60, 1000 + 59_001)).toBe(1);
    expect(secondsLeft(running, 60, 1000 + 70_000)).toBe(0);
    expect(secondsLeft(running, undefined, 1000)).toBeUndefined();
    expect(secondsLeft({ ...running, phase: "post" }, 60, 1000)).toBeUndefined();
  });
});
