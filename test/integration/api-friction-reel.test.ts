import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import type { Session } from "../../functions/src/domain/session";
import type { Study } from "../../functions/src/domain/study";
import { seedAnalyzedSession, syntheticRecording } from "../fixtures/synthetic-session";
import { client } from "../setup/api";
import { storeDemoStudy } from "../setup/reviewer-platform";
import { embeddedStorage, testDeps } from "../setup/storage";

describe("a reel from the journey map's friction", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let api: ReturnType<typeof client>;
  let study: Study;
  const sessions: Session[] = [];

  beforeAll(async () => {
    storage = await embeddedStorage();
    const { deps } = testDeps(storage.config);
    api = client(createApp(deps));
    study = await storeDemoStudy(deps);
    for (const label of ["P1", "P2", "P3"]) {
      sessions.push(await seedAnalyzedSession(deps, study, syntheticRecording(1), label, 12));
    }
  });
  afterAll(async () => storage?.stop());

  it("clips the first moment of the problem in each session, in session order", async () => {
    const detail = (await api.get(`/api/sessions/${sessions[0]?.id}`)).json;
    const first = detail.signals[0];
    const res = await api.post(`/api/studies/${study.id}/reels/from-friction`, {
      taskId: first.taskId,
      stepId: first.stepId,
      source: "signal",
      kind: first.kind,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.clips.map((c: { participantLabel: string }) => c.participantLabel)).toEqual([
      "P1",
      "P2",
      "P3",
    ]);
    const clip = res.json.clips[0];
    expect(clip).toMatchObject({
      start: Math.max(0, first.t - 4000),
      end: first.t + 6000,
      tag: first.kind,
      source: { kind: "signal", id: first.id },
      stepId: first.stepId,
    });
    expect(res.json.title.toLowerCase()).toContain(first.kind.replace(/_/g, " "));
    expect((await api.get(`/api/studies/${study.id}/clips`)).json.items).toHaveLength(3);
  });

  it("refuses a task or step not of the study, and a problem nobody met", async () => {
    const task = study.tasks[0] as Study["tasks"][number];
    const other = study.tasks[1] as Study["tasks"][number];
    const bad = await api.post(`/api/studies/${study.id}/reels/from-friction`, {
      taskId: "tk_00000000000000000000",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("taskId");
    const wrongStep = await api.post(`/api/studies/${study.id}/reels/from-friction`, {
      taskId: task.id,
      stepId: other.steps[0]?.id,
    });
    expect(wrongStep.status).toBe(400);
    const none = await api.post(`/api/studies/${study.id}/reels/from-friction`, {
      taskId: task.id,
      source: "annotation",
      kind: "nobody-tagged-this",
    });
    expect(none.status).toBe(400);
    expect(
      (await api.post(`/api/studies/${study.id}/reels/from-friction`, { taskId: task.id, extra: 1 })).status,
    ).toBe(400);
  });
});
