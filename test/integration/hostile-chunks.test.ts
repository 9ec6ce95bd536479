import { gzipSync } from "node:zlib";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Options } from "../../functions/src/adapters/aws";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { chunkKey } from "../../functions/src/domain/session";
import type { Deps, LogLine } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, T0 } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

const ORIGIN = "http://localhost:8788";
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/**
 * Hostile recording chunks: refused at ingest with a clear 400 and nothing stored; and
 * malformed data already in storage (written around the API) skipped by every read.
 */
describe("hostile recording chunks", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let logs: LogLine[];
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;
  let studyId: string;

  const begin = async () => {
    const invite = (await api.post(`/api/studies/${studyId}/invites`, { count: 1 })).json;
    const token = String(invite.invites[0].url).split("/i/")[1];
    const res = await app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    return (await res.json()) as { sessionId: string; sessionToken: string };
  };
  const send = (s: { sessionId: string; sessionToken: string }, path: string, body: BodyInit, type: string) =>
    app.request(`/api/ingest/sessions/${s.sessionId}${path}`, {
      method: path.startsWith("/chunks/") ? "PUT" : "POST",
      headers: { authorization: `Bearer ${s.sessionToken}`, origin: ORIGIN, "content-type": type },
      body,
    });

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, logs } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
    studyId = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json.id;
  });
  afterAll(async () => storage?.stop());

  it("refuses each hostile chunk with a 400 and a clear code, storing nothing", async () => {
    const s = await begin();
    const good = fakeEvents(1000, 2, true);
    const ev = (over: object) => ({ type: 3, timestamp: T0 + 5000, data: { source: 1 }, ...over });
    const cases: [string, string, string][] = [
      ["tiny timestamp", JSON.stringify([ev({ timestamp: -1e20 })]), "malformed_event"],
      ["huge timestamp", JSON.stringify([...good, ev({ timestamp: 1e20 })]), "malformed_event"],
      ["deep nesting", nested(100_000), "chunk_too_deep"],
      ["deep data", `[{"type":3,"timestamp":${T0},"data":${nested(600)}}]`, "chunk_too_deep"],
      ["object", JSON.stringify({ events: good }), "malformed_chunk"],
      ["string", JSON.stringify("events"), "malformed_chunk"],
      ["unknown type", JSON.stringify([ev({ type: 99 })]), "malformed_event"],
      ["fractional time", JSON.stringify([ev({ timestamp: T0 + 0.25 })]), "malformed_event"],
      [
        "before consent",
        JSON.stringify([ev({ timestamp: Date.now() - 2 * 3_600_000 })]),
        "event_time_out_of_range",
      ],
      [
        "from the future",
        JSON.stringify([ev({ timestamp: Date.now() + 2 * 3_600_000 })]),
        "event_time_out_of_range",
      ],
    ];
    for (const [name, text, code] of cases) {
      for (const [body, type] of [
        [gzipSync(text), "application/gzip"],
        [text, "application/json"],
      ] as const) {
        const res = await send(s, "/chunks/0", body, type);
        expect(res.status, `${name} as ${type}`).toBe(400);
        const err = ((await res.json()) as { error: { code: string; message: string } }).error;
        expect(err.code, name).toBe(code);
        expect(err.message.length).toBeGreaterThan(10);
      }
    }
    expect(await deps.recordings.list(s.sessionId)).toEqual([]);
    expect(await deps.blobs.deletePrefix(`sessions/${s.sessionId}/`)).toBe(0);
    expect(await deps.sessions.get(s.sessionId)).toMatchObject({ chunkCount: 0, eventCount: 0, bytes: 0 });
    // The session still takes good chunks.
    expect((await send(s, "/chunks/0", gzipSync(JSON.stringify(good)), "application/gzip")).status).toBe(201);
  });

  it("skips malformed data already stored: events, pages and analysis answer without 5xx", async () => {
    const s = await begin();
    const first = fakeEvents(1000, 3, true);
    const last = fakeEvents(9000, 2);
    expect((await send(s, "/chunks/0", gzipSync(JSON.stringify(first)), "application/gzip")).status).toBe(
      201,
    );
    const s3 = new S3Client(s3Options(storage.config));
    // Written around the API, as before the ingest rule or by hand: straight into S3 and the index.
    const raw: [string, Uint8Array][] = [
      [
        "old rule",
        gzipSync(
          JSON.stringify([
            { type: "x", timestamp: 1 },
            ...fakeEvents(2000, 1),
            { type: 3, timestamp: -1e20 },
          ]),
        ),
      ],
      ["deep", gzipSync(nested(100_000))],
      ["not gzip", new TextEncoder().encode("[not gzip]")],
      ["object", gzipSync(JSON.stringify({ type: 2, timestamp: T0 }))],
      ["bomb", gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))],
      ["missing", new Uint8Array()],
    ];
    for (const [i, [name, body]] of raw.entries()) {
      const seq = i + 1;
      const key = chunkKey(s.sessionId, seq, name.replace(" ", "-"));
      if (name !== "missing") {
        await s3.send(new PutObjectCommand({ Bucket: storage.config.bucketName, Key: key, Body: body }));
      }
      const ref = {
        seq,
        key,
        bytes: body.byteLength,
        eventCount: 1,
        firstTs: T0,
        lastTs: T0,
        storedAt: new Date().toISOString(),
      };
      expect(await deps.recordings.add(s.sessionId, ref)).toBe(true);
    }
    s3.destroy();
    expect((await send(s, "/chunks/7", gzipSync(JSON.stringify(last)), "application/gzip")).status).toBe(201);

    const stream = await api.get(`/api/sessions/${s.sessionId}/events`);
    expect(stream.status).toBe(200);
    expect(stream.json).toEqual([...first, ...fakeEvents(2000, 1), ...last]);
    const page = await api.get(`/api/sessions/${s.sessionId}/events?from=0&maxBytes=16384`);
    expect(page.status).toBe(200);
    expect(page.json.chunks.map((c: { seq: number }) => c.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(page.json.chunks[1].events).toEqual(fakeEvents(2000, 1));
    expect(page.json.chunks.slice(2, 7).every((c: { events: unknown[] }) => c.events.length === 0)).toBe(
      true,
    );
    expect((await api.get(`/api/sessions/${s.sessionId}`)).status).toBe(200);

    const done = await send(s, "/complete", JSON.stringify({}), "application/json");
    expect(done.status).toBe(200);
    const detail = (await api.get(`/api/sessions/${s.sessionId}`)).json;
    expect(detail).toMatchObject({ status: "completed", detectorVersion: expect.any(String) });
    const reasons = logs
      .filter((l) => l.msg === "unreadable recording data skipped" && l.sessionId === s.sessionId)
      .map((l) => `${l.seq}:${l.reason}`);
    expect(new Set(reasons)).toEqual(
      new Set([
        "1:malformed_events",
        "2:chunk_too_deep",
        "3:not_gzip",
        "4:malformed_chunk",
        "5:not_gzip",
        "6:missing_object",
      ]),
    );
    expect(logs.filter((l) => l.level === "error")).toEqual([]);
  });
});
