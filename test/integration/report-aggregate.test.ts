import { randomBytes } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient } from "../../functions/src/adapters/aws";
import { createApp } from "../../functions/src/app";
import type { StudyReport } from "../../functions/src/domain/analysis/report";
import type { Study } from "../../functions/src/domain/study";
import type { Deps } from "../../functions/src/ports";
import { analyzeSession } from "../../functions/src/services/analysis";
import { requestAggregate } from "../../functions/src/services/jobs";
import { runJob } from "../../functions/src/services/worker";
import { type Step, scriptedEvents } from "../fixtures/scripted-session";
import { builtReport, client, seedSession } from "../setup/api";
import { storeDemoStudy } from "../setup/reviewer-platform";
import { embeddedStorage, testDeps } from "../setup/storage";

/**
 * Item 1 of the AWS issue: the journey map is a stored aggregate the worker keeps, rebuilt
 * by a coalesced, debounced, idempotent job; GET report serves it and says how fresh it is.
 */
describe("the study's journey map as a stored aggregate", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: ReturnType<typeof testDeps>["queue"];
  let logs: ReturnType<typeof testDeps>["logs"];
  let api: ReturnType<typeof client>;
  let study: Study;

  const reportItems = async () => {
    const dynamo = dynamoClient(storage.config);
    const out = await dynamo.send(new ScanCommand({ TableName: storage.config.tableName }));
    dynamo.destroy();
    return (out.Items ?? [])
      .map((i) => unmarshall(i))
      .filter((i) => i.pk === `STUDY#${study.id}` && String(i.sk).startsWith("REPORT"))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  };
  const aggregateRuns = () => logs.filter((l) => l.msg === "job done" && l.job === "aggregate-study").length;

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue, logs } = testDeps(storage.config));
    api = client(createApp(deps));
    study = await storeDemoStudy(deps);
  });
  afterAll(async () => storage?.stop());

  it("answers 202 until the first build, then serves the stored report with its freshness", async () => {
    const first = await api.get(`/api/studies/${study.id}/report`);
    expect(first.status).toBe(202);
    expect(first.headers.get("retry-after")).toBe("1");
    expect(first.json).toMatchObject({ status: "building" });
    await queue.drained();
    const res = await api.get(`/api/studies/${study.id}/report`);
    expect(res.status).toBe(200);
    expect(res.json.sessions.total).toBe(0);
    expect(res.json.freshness).toEqual({
      builtAt: expect.any(String),
      sessionsCounted: 0,
      sessionsInProgress: 0,
      rebuilding: false,
    });
    expect(res.headers.get("x-report-built-at")).toBe(res.json.freshness.builtAt);
  });

  it("rebuilds after sessions are analysed, and counts them", async () => {
    const before = aggregateRuns();
    const task = study.tasks[0] as Study["tasks"][number];
    const script: Step[] = [
      [100, "start", 0, task.id],
      [200, "nav", "/"],
      [1500, "nav", "/pricing"],
      [3000, "nav", "/pricing/business"],
      [3100, "end", 0, task.id, "success"],
    ];
    for (const label of ["P1", "P2", "P3"]) {
      const s = await seedSession(deps, study.id, [scriptedEvents(Date.now() - 60_000, script)], label);
      await deps.sessions.update(s.id, { status: "completed", endedAt: new Date().toISOString() });
      await analyzeSession(deps, s.id); // as the worker's analysis job does
    }
    const res = await builtReport(api, queue, study.id);
    expect(res.json.sessions).toMatchObject({ total: 3, counted: 3 });
    expect(res.json.tasks[0].outcomes.success).toBe(3);
    expect(res.json.freshness).toMatchObject({ sessionsCounted: 3, rebuilding: false });
    expect(aggregateRuns()).toBeGreaterThan(before);
  });

  it("coalesces requests until the worker takes one; a change after the take asks again", async () => {
    const sent: unknown[] = [];
    const counting = {
      ...deps,
      queue: { send: async (job: unknown) => void sent.push(job), minDelayMs: () => 0 },
    };
    const asked = [];
    for (let i = 0; i < 5; i++) asked.push(await requestAggregate(counting, study.id));
    expect(asked).toEqual([true, false, false, false, false]);
    expect(sent).toEqual([{ kind: "aggregate-study", studyId: study.id }]);
    await runJob(deps, { kind: "aggregate-study", studyId: study.id });
    expect(await requestAggregate(counting, study.id)).toBe(true);
    await runJob(deps, { kind: "aggregate-study", studyId: study.id });
    expect(sent).toHaveLength(2);
  });

  it("the same job twice stores the same result: same items, same content, same build time", async () => {
    await runJob(deps, { kind: "aggregate-study", studyId: study.id });
    const once = await reportItems();
    const served = (await api.get(`/api/studies/${study.id}/report`)).json;
    await runJob(deps, { kind: "aggregate-study", studyId: study.id });
    const twice = await reportItems();
    const content = (items: Record<string, unknown>[]) =>
      items.map(({ takenAt: _t, checkedAt: _c, ...rest }) => rest);
    expect(content(twice)).toEqual(content(once));
    expect(twice.map((i) => i.sk)).toEqual(once.map((i) => i.sk));
    expect((await api.get(`/api/studies/${study.id}/report`)).json).toEqual(served);
  });

  it("a build that a later take overtook does not overwrite the later one", async () => {
    const report = (await builtReport(api, queue, study.id)).json as StudyReport;
    const older = await deps.aggregates.take(study.id, new Date(Date.now() - 1000));
    const newer = await deps.aggregates.take(study.id, new Date());
    const named = (name: string) => ({ report: { ...report, name }, builtAt: new Date().toISOString() });
    expect(await deps.aggregates.put(study.id, named("newer"), newer)).toBe("stored");
    expect(await deps.aggregates.put(study.id, named("older"), older)).toBe("superseded");
    expect((await deps.aggregates.get(study.id))?.report?.name).toBe("newer");
    // Only the stored build's parts remain.
    const hashes = new Set(
      (await reportItems()).filter((i) => i.sk !== "REPORT").map((i) => String(i.sk).split("#")[1]),
    );
    expect(hashes.size).toBe(1);
  });

  it("keeps a report of any size: parts under DynamoDB's item limit, read back whole", async () => {
    const report = (await builtReport(api, queue, study.id)).json as StudyReport;
    const big = { ...report, name: randomBytes(700_000).toString("base64") };
    const taken = await deps.aggregates.take(study.id, new Date());
    expect(
      await deps.aggregates.put(study.id, { report: big, builtAt: new Date().toISOString() }, taken),
    ).toBe("stored");
    const parts = (await reportItems()).filter((i) => i.sk !== "REPORT");
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect((p.body as Uint8Array).byteLength).toBeLessThanOrEqual(300_000);
    expect((await deps.aggregates.get(study.id))?.report?.name).toBe(big.name);
  });

  it("an annotation asks for a rebuild that counts it; erasing the study removes the aggregate", async () => {
    const session = (await api.get(`/api/studies/${study.id}/sessions`)).json.items[0];
    const detail = (await api.get(`/api/sessions/${session.id}`)).json;
    const visit = detail.stepVisits[0];
    const ann = await api.post(`/api/sessions/${session.id}/annotations`, {
      t: visit.enteredAt + 1,
      tag: "bug",
      severity: 3,
    });
    expect(ann.status).toBe(201);
    const res = await builtReport(api, queue, study.id);
    const step = res.json.tasks
      .flatMap((t: StudyReport["tasks"][number]) => t.steps)
      .find((s: { stepId: string }) => s.stepId === visit.stepId);
    expect(step.annotations.count).toBe(1);
    expect((await api.del(`/api/studies/${study.id}`)).status).toBe(202);
    await queue.drained();
    expect(await reportItems()).toEqual([]);
  });
});
