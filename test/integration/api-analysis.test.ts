import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import { sessionPrefix } from "../../functions/src/domain/session";
import type { Deps, LogLine } from "../../functions/src/ports";
import { analyzeSoon } from "../../functions/src/services/jobs";
import { sweepIdleSessions } from "../../functions/src/services/sweep";
import { loadRecorded } from "../fixtures/scenarios/evaluate";
import { builtReport, client, seedSession } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

/** A recording split into chunks, as the recorder would send it. */
const chunked = (events: readonly unknown[], n = 3) => {
  const size = Math.ceil(events.length / n);
  return Array.from({ length: n }, (_, i) => events.slice(i * size, (i + 1) * size)).filter((c) => c.length);
};

/** Sessions recorded on the shop site through the shipped recorder (test/fixtures/scenarios). */
const shop = loadRecorded().filter((f) => f.site === "shop");
const fixture = (name: string) => {
  const f = shop.find((x) => x.name === name);
  if (!f) throw new Error(`no recorded scenario ${name}`);
  return f;
};
const happyPath = fixture("happy-path");
const rageDead = fixture("rage-dead-button");
const uTurn = fixture("u-turn-back-button");
const tabClosed = fixture("tab-closed-mid-form");

describe("journey analysis through the API", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: InProcessQueue;
  let logs: LogLine[];
  let api: ReturnType<typeof client>;
  let study: { id: string; tasks: { id: string; steps: { id: string; name: string }[] }[] };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue, logs } = testDeps(storage.config));
    api = client(createApp(deps));
    // The study the shop scenarios ran in: Home, Products, Product, Cart, Contact, Sent.
    const origin = new URL(happyPath.tasks[0]?.startUrl ?? "").origin;
    study = (
      await api.post("/api/studies", { name: "Shop journey", origins: [origin], tasks: happyPath.tasks })
    ).json;
    for (const [label, f] of [
      ["Ana", happyPath],
      ["Ben", rageDead],
      ["Cleo", uTurn],
    ] as const) {
      const s = await seedSession(deps, study.id, chunked(f.events), label);
      await deps.sessions.update(s.id, { status: "completed", endedAt: new Date().toISOString() });
      ids[label] = s.id;
    }
  });
  afterAll(async () => storage?.stop());

  /** Reanalysis is a job: 202 with its id, then its record says how it went. */
  const reanalyze = async (studyId: string) => {
    const started = await api.post(`/api/studies/${studyId}/reanalyze`, {});
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ kind: "reanalyze-study", status: "queued", studyId });
    expect(started.headers.get("location")).toBe(`/api/jobs/${started.json.id}`);
    await queue.drained();
    const polled = await api.get(`/api/jobs/${started.json.id}`);
    expect(polled.status).toBe(200);
    return polled.json;
  };

  it("a completed session gets its step visits, attempt and signals", async () => {
    for (const id of Object.values(ids)) await analyzeSoon(deps, id, "complete");
    await queue.drained();
    const [task] = study.tasks;
    const stepIds = task?.steps.map((s) => s.id) ?? [];

    const ana = (await api.get(`/api/sessions/${ids.Ana}`)).json;
    expect(ana.stepVisits.map((v: { stepId: string }) => v.stepId)).toEqual(
      [0, 1, 4, 5].map((i) => stepIds[i]),
    );
    expect(ana.signals).toEqual([]);
    // "I'm done" without a success rule: claimed.
    expect(ana.outcomes).toEqual({ [task?.id ?? ""]: "claimed" });
    expect(ana.attempts[0]).toMatchObject({ outcome: "claimed" });
    expect(ana.attempts[0].durationMs).toBeGreaterThan(1000);

    const ben = (await api.get(`/api/sessions/${ids.Ben}`)).json;
    expect(ben.signalCounts).toEqual({ rage_click: 1, dead_click: 1 });
    const rage = ben.signals.find((x: { kind: string }) => x.kind === "rage_click");
    expect(rage).toMatchObject({
      kind: "rage_click",
      target: { selector: "#dead", text: "Get started" },
      taskId: task?.id,
      stepId: stepIds[0],
      detectorVersion: expect.any(String),
    });
    expect(ben.detectorVersion).toBe(rage.detectorVersion);

    const cleo = (await api.get(`/api/sessions/${ids.Cleo}`)).json;
    expect(cleo.signals.map((s: { kind: string; stepId: string }) => [s.kind, s.stepId])).toEqual([
      ["u_turn", stepIds[1]],
    ]);
  });

  it("the report reflects the stored analysis in JSON, CSV and Markdown", async () => {
    const res = await builtReport(api, queue, study.id);
    expect(res.status).toBe(200);
    const [task] = res.json.tasks;
    expect(task).toMatchObject({ participants: 3 });
    expect(task.steps.map((s: { name: string; reached: number }) => [s.name, s.reached])).toEqual([
      ["Home", 3],
      ["Products", 2],
      ["Product", 0],
      ["Cart", 0],
      ["Contact", 1],
      ["Sent", 1],
    ]);
    expect(task.steps[0].signals).toEqual({ rage_click: 1, dead_click: 1 });
    expect(res.json.friction.map((f: { kind: string }) => f.kind).sort()).toEqual([
      "dead_click",
      "rage_click",
      "u_turn",
    ]);

    const csv = await api.get(`/api/studies/${study.id}/report?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.text).toMatch(/^level,task,step/);
    const md = await api.get(`/api/studies/${study.id}/report?format=md`);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.text).toContain("# Journey map: Shop journey");

    const bad = await api.get(`/api/studies/${study.id}/report?format=xml`);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "invalid_request", details: [{ path: "format" }] });
    expect((await api.get("/api/studies/st_00000000000000000000/report")).status).toBe(404);
    expect((await api.post("/api/studies/nope/reanalyze", {})).status).toBe(400);
  });

  it("after a threshold change, reading does not re-analyze; reanalyze updates signals and report", async () => {
    const patched = await api.patch(`/api/studies/${study.id}`, {
      thresholds: { rageClick: { minClicks: 5 } },
    });
    expect(patched.status).toBe(200);
    expect((await api.get(`/api/sessions/${ids.Ben}`)).json.signalCounts).toEqual({
      rage_click: 1,
      dead_click: 1,
    });

    const job = await reanalyze(study.id);
    expect(job).toMatchObject({ status: "succeeded", runs: 1 });
    expect(job.result).toEqual({
      sessions: 3,
      analyzed: 3,
      failed: [],
      signalCounts: { dead_click: 1, u_turn: 1 },
    });
    const ben = (await api.get(`/api/sessions/${ids.Ben}`)).json;
    expect(ben.signalCounts).toEqual({ dead_click: 1 });
    expect(ben.signals.map((s: { kind: string }) => s.kind)).toEqual(["dead_click"]);
    const report = (await builtReport(api, queue, study.id)).json;
    expect(report.tasks[0].steps[0].signals).toEqual({ dead_click: 1 });
  });

  it("the sweep ends an idle session and analyzes it: open attempt abandoned, form abandoned", async () => {
    const s = await seedSession(deps, study.id, chunked(tabClosed.events, 2), "Dee");
    await deps.sessions.update(s.id, { lastActivityAt: "2001-01-01T00:00:00.000Z" });
    const swept = await sweepIdleSessions(deps, new Date());
    expect(swept).toEqual({ abandoned: [s.id], queued: [s.id], failed: [] });
    await queue.drained();
    const dee = (await api.get(`/api/sessions/${s.id}`)).json;
    expect(dee.status).toBe("abandoned");
    expect(dee.signalCounts).toEqual({ form_abandonment: 1 });
    expect(dee.attempts[0]).toMatchObject({ outcome: "abandoned" });
    const report = (await builtReport(api, queue, study.id)).json;
    expect(report.tasks[0].outcomes.abandoned).toBe(1);
    expect(report.sessions).toMatchObject({ total: 4, abandoned: 1, completed: 3, analyzed: 4 });
  });

  it("a reanalysis skips recording data it cannot read, says so in the log, and carries on", async () => {
    const broken = await seedSession(deps, study.id, chunked(rageDead.events, 2), "Eve");
    await deps.blobs.deletePrefix(sessionPrefix(broken.id));
    const job = await reanalyze(study.id);
    expect(job.result).toMatchObject({ sessions: 5, analyzed: 5, failed: [] });
    const skipped = logs.filter(
      (l) => l.msg === "unreadable recording data skipped" && l.sessionId === broken.id,
    );
    expect(skipped.map((l) => [l.seq, l.reason])).toEqual([
      [0, "missing_object"],
      [1, "missing_object"],
    ]);
    expect((await api.get(`/api/sessions/${broken.id}`)).json.signals).toEqual([]);
  });
});
