import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storageDeps } from "../../functions/src/adapters/aws";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { startSession } from "../../functions/src/domain/session";
import { httpApiEvent, lambdaContext, RECORDED_HEALTH_EVENT } from "../fixtures/apigw-v2";
import { exampleStudyInput } from "../fixtures/studies";
import { T0 } from "../setup/api";
import { lambdaEnvironment } from "../setup/lambda-env";
import { startTestIssuer, type TestIssuer } from "../setup/oidc-issuer";
import { ADMIN_TOKEN } from "../setup/storage";

type Result = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };
type Handler = (event: unknown, context: unknown) => Promise<Result>;

/**
 * The Lambda entry points, imported in-process as the Node 22 runtime would, configured only
 * through the environment (config.ts) and pointed at the embedded dynalite + s3rver.
 */
describe("Lambda entry points on API Gateway HTTP API v2 events", () => {
  let env: Awaited<ReturnType<typeof lambdaEnvironment>>;
  let idp: TestIssuer;
  let handler: Handler;
  const logLines: string[] = [];

  const invoke = async (init: Parameters<typeof httpApiEvent>[0], token: string | null = ADMIN_TOKEN) => {
    const event = httpApiEvent({
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    });
    const res = await handler(event, lambdaContext());
    const text = res.isBase64Encoded ? Buffer.from(res.body, "base64").toString("utf8") : res.body;
    const isJson = /json/.test(String(res.headers?.["content-type"] ?? ""));
    return { ...res, text, json: text && isJson ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    idp = await startTestIssuer("reviewer-client");
    env = await lambdaEnvironment({ COGNITO_ISSUER: idp.issuer, COGNITO_CLIENT_ID: idp.clientId });
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void logLines.push(String(line)));
    vi.spyOn(console, "info").mockImplementation((line: unknown) => void logLines.push(String(line)));
    ({ handler } = (await import("../../functions/src/entry/lambda")) as unknown as { handler: Handler });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await env?.restore();
    await idp?.stop();
  });

  it("answers the recorded health event, logging one Powertools JSON line with both request ids", async () => {
    const context = lambdaContext();
    const res = await handler(RECORDED_HEALTH_EVENT, context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    const requestId = res.headers["x-request-id"];
    expect(requestId).toBeTruthy();
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      level: "INFO",
      message: "request",
      service: "frictionmap-api",
      function_request_id: context.awsRequestId,
      method: "GET",
      path: "/api/health",
      status: 200,
    });
  });

  it("answers 403 to a request that did not come through CloudFront (no or a wrong origin-verify header)", async () => {
    for (const value of [undefined, "not-the-secret"]) {
      const event = httpApiEvent({ method: "GET", path: "/api/health" });
      if (value === undefined) delete event.headers["x-origin-verify"];
      else event.headers["x-origin-verify"] = value;
      const res = await handler(event, lambdaContext());
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe("not_through_cdn");
    }
  });

  it("keeps the OpenAPI document public", async () => {
    const res = await invoke({ method: "GET", path: "/api/openapi.json" }, null);
    expect(res.statusCode).toBe(200);
    expect(res.json.openapi).toMatch(/^3\./);
  });

  it("refuses reviewer routes without a token, or with a bad one: 401 JSON", async () => {
    for (const token of [null, "not-a-valid-token", idp.token({ client_id: "other-client" })]) {
      const res = await invoke({ method: "GET", path: "/api/studies" }, token);
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toMatch(/application\/json/);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });

  it("creates a study with the admin token, reads it back and lists it", async () => {
    const created = await invoke({ method: "POST", path: "/api/studies", body: exampleStudyInput() });
    expect(created.statusCode).toBe(201);
    expect(created.json.id).toMatch(/^st_/);
    expect(created.headers.location).toBe(`/api/studies/${created.json.id}`);

    const read = await invoke({ method: "GET", path: `/api/studies/${created.json.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json).toEqual(created.json);
    expect(read.headers["cache-control"]).toBe("no-store");

    const list = await invoke({ method: "GET", path: "/api/studies", query: { limit: "50" } });
    expect(list.statusCode).toBe(200);
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(created.json.id);
  });

  it("accepts a Cognito access token from the pool on reviewer routes", async () => {
    const res = await invoke(
      { method: "POST", path: "/api/studies", body: exampleStudyInput() },
      idp.token(),
    );
    expect(res.statusCode).toBe(201);
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === res.headers["x-request-id"]);
    expect(line.principal).toBe("8f1c2d3e-0000-4000-8000-000000000001");
    const idToken = idp.token({ token_use: "id", aud: idp.clientId, client_id: undefined });
    expect((await invoke({ method: "GET", path: "/api/studies" }, idToken)).statusCode).toBe(401);
  });

  it("answers bad bodies with clear 4xx through the gateway encoding", async () => {
    const bad = await invoke({ method: "POST", path: "/api/studies", body: "{not json" });
    expect(bad.statusCode).toBe(400);
    const gz = await invoke({ method: "POST", path: "/api/studies", body: { name: "" }, gzip: true });
    expect(gz.statusCode).toBeGreaterThanOrEqual(400);
    expect(gz.statusCode).toBeLessThan(500);
    expect(gz.json.error.code).toBeTruthy();
  });

  it("starts a session from an invite, takes a base64 gzip chunk from the recorder, and reads it back", async () => {
    const study = (
      await invoke({ method: "POST", path: "/api/studies", body: { ...exampleStudyInput(), status: "live" } })
    ).json;
    const created = await invoke({
      method: "POST",
      path: `/api/studies/${study.id}/invites`,
      body: { count: 1 },
    });
    const token = String(created.json.invites[0].url).split("/i/")[1];
    expect(created.json.invites[0].url).toMatch(/^https:\/\/d111111abcdef8\.cloudfront\.net\/i\//);
    const page = await invoke({ method: "GET", path: `/i/${token}` }, null);
    expect(page.statusCode).toBe(200);
    expect(page.text).toContain('data-fm="consent-accept"');
    const accepted = await invoke(
      {
        method: "POST",
        path: `/api/invites/${token}/accept`,
        body: { consent: true, textVersion: CONSENT_TEXT_VERSION },
      },
      null,
    );
    expect(accepted.statusCode).toBe(201);
    const { sessionId, sessionToken } = accepted.json;
    const events = [
      { type: 4, timestamp: T0 + 1000, data: { href: "http://localhost:8788/", width: 1280, height: 800 } },
      { type: 2, timestamp: T0 + 1001, data: { node: { type: 0, childNodes: [], id: 1 } } },
      {
        type: 5,
        timestamp: T0 + 1500,
        data: { tag: "fm:nav", payload: { href: "http://localhost:8788/", kind: "load" } },
      },
    ];
    const chunk = {
      method: "PUT",
      path: `/api/ingest/sessions/${sessionId}/chunks/0`,
      headers: { origin: "http://localhost:8788", "content-type": "application/gzip" },
      body: JSON.stringify(events),
      gzip: true,
    };
    const sent = await invoke(chunk, sessionToken);
    expect(sent.statusCode).toBe(201);
    expect(sent.headers["access-control-allow-origin"]).toBe("http://localhost:8788");
    expect((await invoke(chunk, sessionToken)).statusCode).toBe(200); // stored once
    const read = await invoke({ method: "GET", path: `/api/sessions/${sessionId}/events` });
    expect(read.statusCode).toBe(200);
    expect(read.json).toEqual(events);
  });

  it("the sweeper entry marks an idle session abandoned", async () => {
    const deps = storageDeps(env.storage.config);
    const longAgo = new Date(Date.now() - 3 * 3600_000);
    const session = startSession({
      studyId: "st_00000000000000000000",
      inviteId: "iv_00000000000000000000",
      participantLabel: "P-idle",
      consent: { acceptedAt: longAgo.toISOString(), textVersion: "v1" },
      tokenHash: "0".repeat(64),
      now: longAgo,
    });
    await deps.sessions.create(session);
    const sweeper = (await import("../../functions/src/entry/sweeper")) as {
      handler: () => Promise<{ abandoned: number; queued: number }>;
    };
    expect(await sweeper.handler()).toEqual({ abandoned: 1, queued: 1 });
    expect((await deps.sessions.get(session.id))?.status).toBe("abandoned");
    expect(await sweeper.handler()).toEqual({ abandoned: 0, queued: 0 });
    const event = env.sqs.drainAsEvent();
    expect(event.Records.map((r) => JSON.parse(r.body))).toContainEqual({
      kind: "analyze-session",
      sessionId: session.id,
      reason: "sweep",
    });
    // Its study does not exist: the worker reports the message as failed (SQS retries it,
    // then keeps it in the dead-letter queue) and counts an analysis failure.
    const worker = (await import(
      "../../functions/src/entry/worker"
    )) as typeof import("../../functions/src/entry/worker");
    const out = await worker.handler(event, lambdaContext("Frictionmap-dev-WorkerFn"));
    const mine = event.Records.find((r) => JSON.parse(r.body).sessionId === session.id);
    expect(out.batchItemFailures).toContainEqual({ itemIdentifier: mine?.messageId });
    const emf = logLines.map((l) => JSON.parse(l)).filter((l) => l._aws?.CloudWatchMetrics);
    expect(emf.some((m) => m.analysisFailures >= 1 && m.service === "frictionmap-worker")).toBe(true);
  });
});
