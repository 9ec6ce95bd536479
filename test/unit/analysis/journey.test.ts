import { describe, expect, it } from "vitest";
import { analyzeRecording, createRecordingAnalyzer } from "../../../functions/src/domain/analysis/analyze";
import { buildAttempts } from "../../../functions/src/domain/analysis/attempts";
import { summarizePath } from "../../../functions/src/domain/analysis/journey";
import { FIXTURE_TASK_ID, fixtureStudy, FIXTURE_STEP_IDS as S } from "../../fixtures/analysis-study";
import { loadRecorded } from "../../fixtures/scenarios/evaluate";
import { at, ev } from "./build-events";

const study = fixtureStudy();
const task = (ms: number, action: "start" | "end", outcome?: "success" | "gave_up") =>
  ev.task(ms, { action, taskId: FIXTURE_TASK_ID, ...(outcome ? { outcome } : {}) });
const O = "http://127.0.0.1:8788";

describe("journey steps and attempts", () => {
  it("follows the expected path: visits with enter and leave times, success on the success URL", () => {
    const r = analyzeRecording(
      [
        ev.meta(0, `${O}/`),
        task(100, "start"),
        ev.nav(2000, `${O}/services`),
        ev.nav(5000, `${O}/contact`),
        ev.track(9000, "quote_sent"),
        ev.meta(9500, `${O}/thanks`),
        task(10_000, "end", "success"),
      ],
      study,
    );
    expect(r.visits).toEqual([
      { taskId: FIXTURE_TASK_ID, stepId: S.home, enteredAt: 100, leftAt: 2000 },
      { taskId: FIXTURE_TASK_ID, stepId: S.services, enteredAt: 2000, leftAt: 5000 },
      { taskId: FIXTURE_TASK_ID, stepId: S.contact, enteredAt: 5000, leftAt: 9000 },
      { taskId: FIXTURE_TASK_ID, stepId: S.sent, enteredAt: 9000, leftAt: 9500 },
    ]);
    const [attempt] = buildAttempts(r.attempts, study, { t0: r.t0, sessionEnded: true, stored: [] });
    expect(attempt).toMatchObject({
      taskId: FIXTURE_TASK_ID,
      outcome: "success",
      startT: 100,
      endT: 10_000,
      durationMs: 9900,
      startedAt: new Date(at(100)).toISOString(),
      pathSummary: { followed: true, skipped: [], revisited: [], outOfOrder: false },
    });
  });

  it("records revisits, steps out of order and skipped steps", () => {
    const r = analyzeRecording(
      [
        ev.meta(0, `${O}/`),
        task(0, "start"),
        ev.nav(1000, `${O}/contact`),
        ev.nav(3000, `${O}/services`),
        ev.nav(4000, `${O}/about`),
        ev.nav(6000, `${O}/services/web`),
        task(8000, "end", "gave_up"),
      ],
      study,
    );
    expect(r.visits.map((v) => [v.stepId, v.enteredAt, v.leftAt])).toEqual([
      [S.home, 0, 1000],
      [S.contact, 1000, 3000],
      [S.services, 3000, 4000],
      [S.services, 6000, 8000],
    ]);
    const path = r.attempts[0]?.path ?? [];
    expect(summarizePath(study.tasks[0] as never, path)).toEqual({
      skipped: [],
      revisited: [S.services],
      outOfOrder: true,
      followed: false,
    });
    expect(summarizePath(study.tasks[0] as never, [S.home, S.contact])).toMatchObject({
      skipped: [S.services],
      outOfOrder: false,
      followed: false,
    });
  });

  it("matches click rules by the selectors the recorder reports, or by simple selectors", () => {
    const s = fixtureStudy();
    const t = s.tasks[0];
    if (!t) throw new Error("fixture");
    t.steps = [
      { id: "sp_a0000000000000000000", name: "Open menu", match: { type: "click", selector: "#menu" } },
      { id: "sp_b0000000000000000000", name: "Pick plan", match: { type: "click", selector: "button.plan" } },
      { id: "sp_c0000000000000000000", name: "Pay", match: { type: "click", selector: "form .pay" } },
    ];
    const r = analyzeRecording(
      [
        ev.meta(0, `${O}/`),
        task(0, "start"),
        ev.click(1000, "#nav > a"),
        ev.click(2000, "#menu"),
        ev.click(3000, "#plans > button.plan.big"),
        ev.click(4000, "div.pay"),
        ev.click(5000, "#checkout-pay", { matches: ["form .pay"] }),
        task(6000, "end"),
      ],
      s,
    );
    expect(r.visits.map((v) => [v.stepId.slice(0, 4), v.enteredAt, v.leftAt])).toEqual([
      ["sp_a", 2000, 3000],
      ["sp_b", 3000, 5000],
      ["sp_c", 5000, 6000],
    ]);
  });

  it("a U-turn between journey steps on one page (click steps): A, B, back to A within 10 s", () => {
    const s = fixtureStudy();
    const t = s.tasks[0];
    if (!t) throw new Error("fixture");
    t.steps = [
      { id: "sp_a0000000000000000000", name: "Plans", match: { type: "click", selector: "#plans" } },
      { id: "sp_b0000000000000000000", name: "Extras", match: { type: "click", selector: "#extras" } },
    ];
    const run = (backAt: number) =>
      analyzeRecording(
        [
          ev.meta(0, `${O}/shop`),
          task(0, "start"),
          ev.click(1000, "#plans"),
          ev.mutation(1010),
          ev.click(2000, "#extras"),
          ev.mutation(2010),
          ev.click(backAt, "#plans"),
          ev.mutation(backAt + 10),
          task(backAt + 1000, "end"),
        ],
        s,
      ).signals.filter((x) => x.kind === "u_turn");
    expect(run(5000)).toMatchObject([
      { t: 2000, target: { selector: "sp_b0000000000000000000" }, stepId: "sp_b0000000000000000000" },
    ]);
    expect(run(13_000)).toEqual([]);
  });

  it("an attempt left open is abandoned once the session is over, in progress before", () => {
    const r = analyzeRecording([ev.meta(0, `${O}/`), task(0, "start"), ev.nav(3000, `${O}/services`)], study);
    expect(
      buildAttempts(r.attempts, study, { t0: r.t0, sessionEnded: false, stored: [] })[0]?.outcome,
    ).toBeUndefined();
    const ended = buildAttempts(r.attempts, study, {
      t0: r.t0,
      sessionEnded: true,
      stored: [
        { taskId: FIXTURE_TASK_ID, taskIndex: 0, startedAt: "x", seq: 5, comment: "Where is pricing?" },
      ],
    });
    expect(ended[0]).toMatchObject({
      outcome: "abandoned",
      seq: 5,
      comment: "Where is pricing?",
      durationMs: 3000,
    });
    expect(r.visits.at(-1)).toMatchObject({ stepId: S.services, enteredAt: 3000, leftAt: 3000 });
  });

  it("places signals in the step and task they happened in", () => {
    const r = analyzeRecording(
      [
        ev.meta(0, `${O}/`),
        task(0, "start"),
        ev.nav(1000, `${O}/services`),
        ev.error(2000, "boom"),
        task(4000, "end"),
        ev.error(5000, "after"),
      ],
      study,
    );
    expect(r.signals.map((s) => [s.kind, s.t, s.stepId, s.taskId])).toEqual([
      ["js_error", 2000, S.services, FIXTURE_TASK_ID],
      ["js_error", 5000, undefined, undefined],
    ]);
  });

  it("skips malformed events instead of failing", () => {
    const r = analyzeRecording(
      [
        null,
        3,
        { type: 5 },
        { type: 5, timestamp: at(0), data: { tag: "fm:click", payload: { x: "a" } } },
        ev.meta(10, `${O}/`),
      ],
      study,
    );
    expect(r.eventCount).toBe(2);
    expect(r.signals).toEqual([]);
  });

  it("gives the same result fed chunk by chunk as in one array", () => {
    const recorded = loadRecorded().filter((f) =>
      ["happy-path", "rage-then-error", "compose-abandoned"].includes(f.name),
    );
    expect(recorded).toHaveLength(3);
    for (const f of recorded) {
      const whole = analyzeRecording(f.events, f);
      const a = createRecordingAnalyzer(f);
      for (let i = 0; i < f.events.length; i += 7) a.feed(f.events.slice(i, i + 7));
      expect(a.finish()).toEqual(whole);
      expect(() => a.finish()).toThrow(/already finished/);
    }
    // Home → Products → Contact → Sent (the quote_sent event on submit).
    const happy = recorded.find((f) => f.name === "happy-path");
    expect(happy && analyzeRecording(happy.events, happy).visits.map((v) => v.stepId)).toEqual(
      happy && [0, 1, 4, 5].map((i) => happy.tasks[0]?.steps[i]?.id),
    );
  });
});
