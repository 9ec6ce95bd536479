import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storageDeps } from "../../functions/src/adapters/aws";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { httpApiEvent, lambdaContext } from "../fixtures/apigw-v2";
import { loadRecorded } from "../fixtures/scenarios/evaluate";
import { exampleStudyInput } from "../fixtures/studies";
import { lambdaEnvironment } from "../setup/lambda-env";
import { ADMIN_TOKEN } from "../setup/storage";

const recorded = (name: string) => {
  const f = loadRecorded().find((x) => x.site === "shop" && x.name === name);
  if (!f) throw new Error(`no recorded scenario ${name}`);
  return f;
};
const rageDead = { events: recorded("rage-dead-button").events as { timestamp: number }[] };
const tabClosed = { events: recorded("tab-closed-mid-form").events as { timestamp: number }[] };

type Result = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };
type ApiHandler = (event: unknown, context: unknown) => Promise<Result>;
type WorkerModule = typeof import("../../functions/src/entry/worker");
type SweeperModule = typeof import("../../functions/src/entry/sweeper");

const ORIGIN = "http://localhost:8788";

/** A recorded fixture moved to now (ingest takes events of the session's own time) and cut in chunks. */
function chunksOf(events: readonly { timestamp: number }[], n: number) {
  const shift = Date.now() - 60_000 - (events[0]?.timestamp ?? 0);
  const moved = events.map((e) => ({ ...e, timestamp: e.timestamp + shift }));
  const size = Math.ceil(moved.length / n);
  return Array.from({ length: n }, (_, i) => moved.slice(i * size, (i + 1) * size)).filter((c) => c.length);
}

/**
 * The deployed path end to end, in-process: the API, worker and sweeper Lambda entries built
 * by the one composition root from the environment, fed API Gateway v2 and SQS event
 * payloads, against dynalite + s3rver and a loopback SQS stand-in.
 */
describe("a whole session through the Lambda entries (API Gateway v2 → SQS → worker)", () => {
  let env: Awaited<ReturnType<typeof lambdaEnvironment>>;
  let api: ApiHandler;
  let worker: WorkerModule;
  let sweeper: SweeperModule;
  let study: { id: string; tasks: { id: string }[] };

  const call = async (init: Parameters<typeof httpApiEvent>[0], token: string | null = ADMIN_TOKEN) => {
    const event = httpApiEvent({
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    });
    const res = await api(event, lambdaContext());
    const text = res.isBase64Encoded ? Buffer.from(res.body, "base64").toString("utf8") : res.body;
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  };
  /** What the API queued, delivered to the worker as SQS delivers it. */
  const runWorker = async () => {
    const event = env.sqs.drainAsEvent();
    const out = await worker.handler(event, lambdaContext("Frictionmap-dev-WorkerFn"));
    return { jobs: event.Records.map((r) => JSON.parse(r.body)), failures: out.batchItemFailures };
  };
  const consent = async () => {
    const invites = await call({
      method: "POST",
      path: `/api/studies/${study.id}/invites`,
      body: { count: 1 },
    });
    const token = String(invites.json.invites[0].url).split("/i/")[1];
    const accepted = await call(
      {
        method: "POST",
        path: `/api/invites/${token}/accept`,
        body: { consent: true, textVersion: CONSENT_TEXT_VERSION },
      },
      null,
    );
    expect(accepted.status).toBe(201);
    return accepted.json as { sessionId: string; sessionToken: string };
  };
  const send = (s: { sessionId: string; sessionToken: string }, seq: number, events: unknown[]) =>
    call(
      {
        method: "PUT",
        path: `/api/ingest/sessions/${s.sessionId}/chunks/${seq}`,
        headers: { origin: ORIGIN, "content-type": "application/gzip" },
        body: JSON.stringify(events),
        gzip: true,
      },
      s.sessionToken,
    );

  beforeAll(async () => {
    env = await lambdaEnvironment();
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "info").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    ({ handler: api } = (await import("../../functions/src/entry/lambda")) as unknown as {
      handler: ApiHandler;
    });
    worker = await import("../../functions/src/entry/worker");
    sweeper = await import("../../functions/src/entry/sweeper");
    study = (
      await call({ method: "POST", path: "/api/studies", body: { ...exampleStudyInput(), status: "live" } })
    ).json;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await env?.restore();
  });

  it("consent → chunks → complete → worker → signals, attempts and the report", async () => {
    const s = await consent();
    const chunks = chunksOf(rageDead.events, 3);
    for (const [seq, events] of chunks.entries()) expect((await send(s, seq, events)).status).toBe(201);
    // Chunks ask for one debounced analysis, not one per chunk.
    const debounced = env.sqs.sent.filter((m) => JSON.parse(m.body).sessionId === s.sessionId);
    expect(debounced.map((m) => [JSON.parse(m.body).reason, m.delaySeconds])).toEqual([["recording", 30]]);
    expect(env.sqs.sent[0]?.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/sqs\//);

    const done = await call(
      {
        method: "POST",
        path: `/api/ingest/sessions/${s.sessionId}/complete`,
        headers: { origin: ORIGIN },
        body: {},
      },
      s.sessionToken,
    );
    expect(done.status).toBe(200);
    // The request only queued the analysis: nothing is analysed yet.
    expect(
      (await call({ method: "GET", path: `/api/sessions/${s.sessionId}` })).json.analyzedAt,
    ).toBeUndefined();

    const ran = await runWorker();
    expect(ran.failures).toEqual([]);
    expect(ran.jobs.map((j) => j.reason).sort()).toEqual(["complete", "recording"]);
    const detail = (await call({ method: "GET", path: `/api/sessions/${s.sessionId}` })).json;
    expect(detail).toMatchObject({ status: "completed", signalCounts: { rage_click: 1, dead_click: 1 } });
    expect(detail.analyzedAt).toEqual(expect.any(String));
    expect(detail.stepVisits.length).toBeGreaterThan(0);

    // The analyses asked for one rebuild of the study's journey map, and the analysis of the
    // finished session (each of its two) for its compaction; the worker runs them.
    expect((await call({ method: "GET", path: `/api/studies/${study.id}/report` })).status).toBe(202);
    const built = await runWorker();
    expect(built.failures).toEqual([]);
    expect(new Set(built.jobs.map((j) => j.kind))).toEqual(new Set(["aggregate-study", "compact-session"]));
    expect(built.jobs).toEqual(
      expect.arrayContaining([
        { kind: "aggregate-study", studyId: study.id },
        { kind: "compact-session", sessionId: s.sessionId },
      ]),
    );
    const report = (await call({ method: "GET", path: `/api/studies/${study.id}/report` })).json;
    expect(report.freshness).toMatchObject({ sessionsCounted: 1, rebuilding: false });
    expect(report.sessions).toMatchObject({ total: 1, completed: 1, analyzed: 1 });
    expect(report.tasks[0].signals).toEqual({ rage_click: 1, dead_click: 1 });
  });

  it("sweeper → worker → signals for a session whose tab was closed", async () => {
    const s = await consent();
    for (const [seq, events] of chunksOf(tabClosed.events, 2).entries()) {
      expect((await send(s, seq, events)).status).toBe(201);
    }
    env.sqs.drainAsEvent(); // the debounced analysis of an open session: not what this test is about
    const stores = storageDeps(env.storage.config);
    await stores.sessions.update(s.sessionId, {
      lastActivityAt: new Date(Date.now() - 3_600_000).toISOString(),
    });

    expect(await sweeper.handler()).toEqual({ abandoned: 1, queued: 1 });
    const ran = await runWorker();
    expect(ran).toEqual({
      jobs: [{ kind: "analyze-session", sessionId: s.sessionId, reason: "sweep" }],
      failures: [],
    });
    const detail = (await call({ method: "GET", path: `/api/sessions/${s.sessionId}` })).json;
    expect(detail.status).toBe("abandoned");
    expect(detail.signalCounts).toEqual({ form_abandonment: 1 });
    expect(detail.attempts[0]).toMatchObject({ outcome: "abandoned" });
  });

  it("reanalysis answers 202 with a job that fans out one job per session, pollable as it goes", async () => {
    env.sqs.drainAsEvent(); // what the earlier cases left queued (rebuilds of the report)
    const started = await call({ method: "POST", path: `/api/studies/${study.id}/reanalyze` });
    expect(started.status).toBe(202);
    const jobId = started.json.id;
    expect((await call({ method: "GET", path: `/api/jobs/${jobId}` })).json.status).toBe("queued");
    // The study's job only sends one analysis job per session.
    expect(await runWorker()).toMatchObject({ failures: [] });
    const fanned = env.sqs.drainAsEvent();
    const perSession = fanned.Records.map((r) => JSON.parse(r.body));
    expect(perSession.map((j) => [j.kind, j.reason, j.jobId])).toEqual([
      ["analyze-session", "reanalysis", jobId],
      ["analyze-session", "reanalysis", jobId],
    ]);
    expect((await call({ method: "GET", path: `/api/jobs/${jobId}` })).json).toMatchObject({
      status: "running",
      progress: { total: 2, analyzed: 0, failed: 0 },
    });
    // One bad message in the batch: only it is reported failed, so SQS retries it alone.
    const bad = { messageId: "bad-1", receiptHandle: "rh-bad-1", body: "{not a job", attributes: {} };
    const batch = { Records: [fanned.Records[0], bad, fanned.Records[1]] } as typeof fanned;
    const out = await worker.handler(batch, lambdaContext("Frictionmap-dev-WorkerFn"));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: "bad-1" }]);
    const job = (await call({ method: "GET", path: `/api/jobs/${jobId}` })).json;
    expect(job).toMatchObject({
      status: "succeeded",
      runs: 1,
      progress: { total: 2, analyzed: 2, failed: 0 },
      result: { sessions: 2, analyzed: 2, failed: [] },
    });
    expect((await call({ method: "GET", path: "/api/jobs/jb_00000000000000000000" })).status).toBe(404);
  });
});
