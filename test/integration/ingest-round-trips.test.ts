import { gzipSync } from "node:zlib";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryMetrics } from "../../functions/src/adapters/memory-metrics";
import { openOrigin } from "../../functions/src/adapters/origin-guard";
import { adminTokenAuth } from "../../functions/src/adapters/token-auth";
import { createApp } from "../../functions/src/app";
import { composeApp, composeInProcess } from "../../functions/src/composition";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { FACTS_FRESH_MS } from "../../functions/src/services/ingest-cache";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents } from "../setup/api";
import { ADMIN_TOKEN, embeddedStorage } from "../setup/storage";

const ORIGIN = "http://localhost:8788";

/**
 * Storage round trips per chunk, counted on the AWS SDK clients the real adapters use (every
 * DynamoDB and S3 command goes through `send`), against the embedded servers. The worker's
 * own reads are kept out by the queue's real debounce: no analysis runs during the test.
 */
describe("ingest hot path: storage round trips per chunk", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let clock = Date.now();
  const sent: string[] = [];
  const parts = () => ({
    log: () => undefined,
    metrics: memoryMetrics(),
    now: () => new Date(clock),
  });
  const platform = () => {
    const { core, queue } = composeInProcess({ storage: storage.config, ...parts() });
    const deps = composeApp(core, { auth: adminTokenAuth(ADMIN_TOKEN), origin: openOrigin });
    return { app: createApp(deps), queue };
  };
  const running: { stop(): void }[] = [];

  beforeAll(async () => {
    storage = await embeddedStorage();
    for (const proto of [DynamoDBClient.prototype, S3Client.prototype]) {
      const send = proto.send;
      vi.spyOn(proto, "send").mockImplementation(function (this: unknown, ...args: unknown[]) {
        sent.push((args[0] as object).constructor.name);
        return (send as (...a: unknown[]) => unknown).apply(this, args) as never;
      });
    }
  });
  afterEach(() => {
    for (const q of running.splice(0)) q.stop();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await storage?.stop();
  });

  async function participant(app: ReturnType<typeof createApp>) {
    const api = client(app);
    const study = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json;
    const { invites } = (await api.post(`/api/studies/${study.id}/invites`, { count: 1 })).json;
    const token = String(invites[0].url).split("/i/")[1];
    const res = await app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    return (await res.json()) as { sessionId: string; sessionToken: string };
  }

  /** The storage commands one chunk upload sent, and its status. */
  async function put(
    app: ReturnType<typeof createApp>,
    s: { sessionId: string; sessionToken: string },
    seq: number,
  ) {
    const before = sent.length;
    const res = await app.request(`/api/ingest/sessions/${s.sessionId}/chunks/${seq}`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${s.sessionToken}`,
        "content-type": "application/gzip",
        origin: ORIGIN,
      },
      body: gzipSync(JSON.stringify(fakeEvents(seq * 1000, 40, seq === 0))),
    });
    return { status: res.status, commands: sent.slice(before) };
  }

  it("stores a chunk with its object and one conditional index write; a resend touches nothing", async () => {
    const { app, queue } = platform();
    running.push(queue);
    const s = await participant(app);

    // The first chunk reads the session and study once, and asks for the session's analysis.
    const first = await put(app, s, 0);
    expect(first.status).toBe(201);
    expect(first.commands.sort()).toEqual(
      ["GetItemCommand", "GetItemCommand", "PutObjectCommand", "PutItemCommand", "UpdateItemCommand"].sort(),
    );
    for (let seq = 1; seq <= 10; seq++) {
      clock += 1000;
      const chunk = await put(app, s, seq);
      expect(chunk).toEqual({ status: 201, commands: ["PutObjectCommand", "PutItemCommand"] });
      expect(await put(app, s, seq)).toEqual({ status: 200, commands: [] });
    }

    // Facts older than the cache's freshness are read again (erasure, edited origins).
    clock += FACTS_FRESH_MS;
    const stale = await put(app, s, 11);
    expect(stale.status).toBe(201);
    expect(stale.commands.filter((c) => c === "GetItemCommand")).toHaveLength(2);

    // Another process (a cold cache) stores nothing twice: its copy loses the index, and goes.
    const other = platform();
    running.push(other.queue);
    const resend = await put(other.app, s, 5);
    expect(resend.status).toBe(200);
    expect(resend.commands.filter((c) => c !== "GetItemCommand")).toEqual([
      "PutObjectCommand",
      "PutItemCommand",
      "DeleteObjectCommand",
    ]);

    const events = await client(app).get(`/api/sessions/${s.sessionId}/events`);
    expect(events.json).toHaveLength(12 * 40 + 2);
  });

  it("refuses a hostile chunk before any storage write, on cached facts too", async () => {
    const { app, queue } = platform();
    running.push(queue);
    const s = await participant(app);
    expect((await put(app, s, 0)).status).toBe(201);
    const before = sent.length;
    const bad = await app.request(`/api/ingest/sessions/${s.sessionId}/chunks/1`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${s.sessionToken}`,
        "content-type": "application/gzip",
        origin: ORIGIN,
      },
      body: gzipSync(JSON.stringify([{ type: 3, timestamp: -1e20 }])),
    });
    expect(bad.status).toBe(400);
    const forged = await app.request(`/api/ingest/sessions/${s.sessionId}/chunks/1`, {
      method: "PUT",
      headers: { authorization: "Bearer forged-token", "content-type": "application/gzip", origin: ORIGIN },
      body: gzipSync(JSON.stringify(fakeEvents(1000, 3))),
    });
    expect(forged.status).toBe(401);
    expect(sent.slice(before)).toEqual([]);
  });

  it("refuses chunks of an erased session at once in the process that erased it", async () => {
    const { app, queue } = platform();
    running.push(queue);
    const s = await participant(app);
    expect((await put(app, s, 0)).status).toBe(201);
    const erased = await client(app).del(`/api/sessions/${s.sessionId}`);
    expect(erased.status).toBe(204);
    const after = await put(app, s, 1);
    expect(after.status).toBe(404);
    expect(after.commands).not.toContain("PutObjectCommand");
  });
});
