import { describe, expect, it } from "vitest";
import { BadJob, fanOutProgress, parseJob } from "../../functions/src/domain/jobs";

const S1 = "se_00000000000000000001";
const S2 = "se_00000000000000000002";
const JOB = "jb_00000000000000000001";

describe("queue messages and fanned-out job progress", () => {
  it("reads a per-session analysis job of a reanalysis back, and refuses a bad job id", () => {
    const job = { kind: "analyze-session", sessionId: S1, reason: "reanalysis", jobId: JOB };
    expect(parseJob(JSON.parse(JSON.stringify(job)))).toEqual(job);
    expect(parseJob({ kind: "aggregate-study", studyId: "st_00000000000000000001" })).toEqual({
      kind: "aggregate-study",
      studyId: "st_00000000000000000001",
    });
    expect(() => parseJob({ ...job, jobId: "nope" })).toThrow(BadJob);
    expect(() => parseJob({ kind: "aggregate-study", studyId: 1 })).toThrow(BadJob);
  });

  it("counts sessions as they come in; done when every session has a word; a retry's success replaces a failure", () => {
    const running = { status: "running" as const, total: 2 };
    expect(fanOutProgress({ ...running, sessions: {} })).toEqual({
      progress: { total: 2, analyzed: 0, failed: 0 },
    });
    const failedOne = {
      [S1]: { ok: true as const, signalCounts: { rage_click: 2 } },
      [S2]: { ok: false as const, message: "throttled" },
    };
    expect(fanOutProgress({ ...running, sessions: failedOne })).toEqual({
      progress: { total: 2, analyzed: 1, failed: 1 },
      status: "failed",
      result: {
        sessions: 2,
        analyzed: 1,
        failed: [{ sessionId: S2, message: "throttled" }],
        signalCounts: { rage_click: 2 },
      },
    });
    const retried = { ...failedOne, [S2]: { ok: true as const, signalCounts: { rage_click: 1, u_turn: 1 } } };
    expect(fanOutProgress({ ...running, sessions: retried })).toMatchObject({
      status: "succeeded",
      result: { analyzed: 2, failed: [], signalCounts: { rage_click: 3, u_turn: 1 } },
    });
    // A study with no session is done at once.
    expect(fanOutProgress({ status: "running", total: 0, sessions: {} })).toMatchObject({
      status: "succeeded",
    });
  });
});
