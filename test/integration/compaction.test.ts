import { gzipSync } from "node:zlib";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dynamoClient, s3Options } from "../../functions/src/adapters/aws";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import { RETENTION_TAG, ttlOf } from "../../functions/src/domain/retention";
import { sessionPrefix } from "../../functions/src/domain/session";
import type { Deps } from "../../functions/src/ports";
import { analyzeSession } from "../../functions/src/services/analysis";
import { compactSession } from "../../functions/src/services/compaction";
import { storeChunk } from "../../functions/src/services/recording";
import { loadRecorded } from "../fixtures/scenarios/evaluate";
import { exampleStudyInput } from "../fixtures/studies";
import { client, seedSession } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

/** Recordings made with the built recorder.js (test/fixtures/scenarios), split into chunks. */
const recordings = loadRecorded().filter((f) => f.site === "shop");
const chunked = (events: readonly unknown[], n: number) => {
  const size = Math.ceil(events.length / n);
  return Array.from({ length: n }, (_, i) => events.slice(i * size, (i + 1) * size)).filter((c) => c.length);
};
const WRITES = new Set([
  "PutObjectCommand",
  "PutItemCommand",
  "DeleteObjectCommand",
  "BatchWriteItemCommand",
]);

/** Compaction against the embedded servers: reads, a crash at every write, retention, erasure. */
describe("compaction of a finished session's recording", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: InProcessQueue;
  let api: ReturnType<typeof client>;
  let studyId: string;

  const objects = async (prefix: string) => {
    const s3 = new S3Client(s3Options(storage.config));
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: storage.config.bucketName, Prefix: prefix }),
    );
    s3.destroy();
    return (out.Contents ?? []).map((o) => o.Key ?? "");
  };
  /** A finished session of a recorded scenario, stored chunk by chunk through ingest. */
  const finished = async (n = 0, chunks = 6) => {
    const rec = recordings[n % recordings.length];
    if (!rec) throw new Error("no recorded scenarios");
    const s = await seedSession(deps, studyId, chunked(rec.events, chunks), `P${n}`);
    await deps.sessions.update(s.id, { status: "completed", endedAt: new Date().toISOString() });
    return s;
  };
  const read = async (id: string) => {
    const events = (await api.get(`/api/sessions/${id}/events`)).json;
    const paged = (await api.get(`/api/sessions/${id}/events?from=0&maxBytes=16384`)).json;
    const detail = (await api.get(`/api/sessions/${id}`)).json;
    return { events, detail, paged };
  };
  /** Makes the `n`-th storage write (1-based) fail, as a crash there would stop the job. */
  const crashAtWrite = (n: number) => {
    let writes = 0;
    for (const proto of [DynamoDBClient.prototype, S3Client.prototype]) {
      const send = proto.send;
      vi.spyOn(proto, "send").mockImplementation(function (this: unknown, ...args: unknown[]) {
        if (WRITES.has((args[0] as object).constructor.name) && ++writes === n) {
          return Promise.reject(new Error(`crash at write ${n}`)) as never;
        }
        return (send as (...a: unknown[]) => unknown).apply(this, args) as never;
      });
    }
    return () => writes;
  };

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue } = testDeps(storage.config));
    api = client(createApp(deps));
    studyId = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json.id;
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    queue?.stop();
    await storage?.stop();
  });

  it("reads the same events, pages and totals after compaction, from fewer bytes, and analyses alike", async () => {
    const s = await finished(0, 8);
    const before = await read(s.id);
    const analysedBefore = await analyzeSession(deps, s.id);
    const result = await compactSession(deps, s.id);
    expect(result).toMatchObject({ segmentsWritten: 1, chunksCompacted: before.detail.chunkCount });
    const after = await read(s.id);
    expect(after.events).toEqual(before.events);
    expect(after.paged).toEqual(before.paged);
    for (const field of ["chunkCount", "eventCount", "durationMs", "recording"]) {
      expect(after.detail[field], field).toEqual(before.detail[field]);
    }
    expect(after.detail.storedBytes).toBeLessThan(before.detail.storedBytes);
    const keys = await objects(sessionPrefix(s.id));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain("/segments/");
    const { rawChunks: _raw, ...same } = analysedBefore;
    expect(await analyzeSession(deps, s.id)).toMatchObject({ ...same, rawChunks: 0 });
    // Run again: nothing left to do, nothing changes.
    expect(await compactSession(deps, s.id)).toMatchObject({ segmentsWritten: 0, chunksCompacted: 0 });
    expect((await read(s.id)).events).toEqual(before.events);
  });

  it("leaves a readable session, never doubled, wherever it crashes; a rerun finishes the work", async () => {
    let crashes = 0;
    for (let n = 1; ; n++) {
      const s = await finished(n, 5);
      const before = await read(s.id);
      const writes = crashAtWrite(n);
      const crashed = await compactSession(deps, s.id).then(
        () => false,
        () => true,
      );
      vi.restoreAllMocks();
      const mid = await read(s.id);
      expect(mid.events, `after a crash at write ${n}`).toEqual(before.events);
      expect(mid.detail.recording, `after a crash at write ${n}`).toEqual(before.detail.recording);
      await compactSession(deps, s.id);
      const after = await read(s.id);
      expect(after.events, `rerun after write ${n}`).toEqual(before.events);
      expect((await objects(sessionPrefix(s.id))).filter((k) => k.includes("/chunks/"))).toEqual([]);
      if (!crashed) {
        expect(writes()).toBeLessThan(n);
        break;
      }
      crashes++;
    }
    // Segment object, its index entry, then each raw object and the raw entries: every step was cut.
    expect(crashes).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it("keeps retention (tag and ttl as the raw chunks'), takes late chunks, and erasure removes every segment", async () => {
    // What each object was tagged with, as sent to S3 (the bucket's lifecycle rules match the tag).
    const tagged = new Map<string, string | undefined>();
    const send = S3Client.prototype.send;
    vi.spyOn(S3Client.prototype, "send").mockImplementation(function (this: unknown, ...args: unknown[]) {
      const cmd = args[0] as { constructor: { name: string }; input: { Key?: string; Tagging?: string } };
      if (cmd.constructor.name === "PutObjectCommand") tagged.set(cmd.input.Key ?? "", cmd.input.Tagging);
      return (send as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    const s = await finished(7, 4);
    await compactSession(deps, s.id);
    vi.restoreAllMocks();
    const [key] = await objects(sessionPrefix(s.id));
    const raw = [...tagged].filter(([k]) => k.includes("/chunks/"));
    expect(raw.length).toBeGreaterThan(0);
    for (const [, tags] of [...raw, [key, tagged.get(key ?? "")]]) {
      expect(tags).toBe(`${RETENTION_TAG}=${s.retentionDays}`);
    }
    const dynamo = dynamoClient(storage.config);
    const items = await dynamo.send(
      new QueryCommand({
        TableName: storage.config.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `SESSION#${s.id}` } },
      }),
    );
    dynamo.destroy();
    const segmentItem = (items.Items ?? [])
      .map((i) => unmarshall(i))
      .find((i) => String(i.sk).startsWith("SEGMENT#"));
    expect(segmentItem?.ttl).toBe(ttlOf(s.expiresAt ?? ""));

    // The last page's final flush, after compaction: stored raw, read with the rest, compacted next time.
    const late = [
      { type: 3, timestamp: Date.parse(s.consent.acceptedAt) + 5, data: { source: 1, positions: [] } },
    ];
    expect((await storeChunk(deps, s, 99, gzipSync(JSON.stringify(late)), new Date())).stored).toBe(true);
    const withLate = await read(s.id);
    expect(withLate.detail.recording.seqs.at(-1)).toBe(99);
    await compactSession(deps, s.id);
    expect((await read(s.id)).events).toEqual(withLate.events);
    expect((await objects(sessionPrefix(s.id))).every((k) => k.includes("/segments/"))).toBe(true);
    expect(await objects(sessionPrefix(s.id))).toHaveLength(2);

    expect((await api.del(`/api/sessions/${s.id}`)).status).toBe(204);
    expect(await objects(sessionPrefix(s.id))).toEqual([]);
    expect(await deps.recordings.stored(s.id)).toEqual({ raw: [], segments: [] });
  });

  it("is queued by the analysis of a finished session, and not while it records", async () => {
    const open = await seedSession(deps, studyId, chunked(recordings[2]?.events ?? [], 3), "open");
    await deps.queue.send({ kind: "analyze-session", sessionId: open.id, reason: "recording" });
    await queue.drained();
    expect((await objects(sessionPrefix(open.id))).every((k) => k.includes("/chunks/"))).toBe(true);
    const done = await finished(3, 3);
    await deps.queue.send({ kind: "analyze-session", sessionId: done.id, reason: "complete" });
    await queue.drained();
    expect((await objects(sessionPrefix(done.id))).every((k) => k.includes("/segments/"))).toBe(true);
  });
});
