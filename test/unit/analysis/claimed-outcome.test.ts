import { describe, expect, it } from "vitest";
import { buildAttempts } from "../../../functions/src/domain/analysis/attempts";
import type { AttemptTrace } from "../../../functions/src/domain/analysis/journey";
import { attemptChange } from "../../../functions/src/domain/participant";
import { FIXTURE_TASK_ID as T } from "../../fixtures/analysis-study";
import { reportStudy as study } from "../../fixtures/report-rows";

const now = new Date("2026-01-01T00:00:10.000Z");
const task = { id: T, index: 0 };
const trace = (over: Partial<AttemptTrace>): AttemptTrace => ({
  taskId: T,
  taskIndex: 0,
  startT: 0,
  endT: 5000,
  ended: true,
  path: [],
  route: [],
  ...over,
});

describe("the claimed outcome", () => {
  it("is what an 'I'm done' end records, also from a panel that sent gave_up + claimedDone", () => {
    expect(attemptChange(task, { event: "end", outcome: "claimed" }, now).end).toMatchObject({
      outcome: "claimed",
      claimedDone: true,
    });
    expect(
      attemptChange(task, { event: "end", outcome: "gave_up", claimedDone: true }, now).end?.outcome,
    ).toBe("claimed");
    expect(attemptChange(task, { event: "end", outcome: "gave_up" }, now).end?.outcome).toBe("gave_up");
  });

  it("analysis keeps a claim, and makes it a success when the recording shows the rule matched", () => {
    const ctx = (claimedDone: boolean) => ({
      t0: 0,
      sessionEnded: true,
      stored: [{ taskId: T, taskIndex: 0, startedAt: "x", outcome: "claimed" as const, claimedDone }],
    });
    expect(buildAttempts([trace({ outcome: "claimed" })], study, ctx(true))[0]?.outcome).toBe("claimed");
    // An older recorder recorded gave_up in the stream; the stored claim says what happened.
    expect(buildAttempts([trace({ outcome: "gave_up" })], study, ctx(true))[0]?.outcome).toBe("claimed");
    expect(
      buildAttempts([trace({ outcome: "claimed", successAt: 4000 })], study, ctx(true))[0]?.outcome,
    ).toBe("success");
    const gaveUp = { t0: 0, sessionEnded: true, stored: [] };
    expect(buildAttempts([trace({ outcome: "gave_up", successAt: 4000 })], study, gaveUp)[0]?.outcome).toBe(
      "gave_up",
    );
  });
});
