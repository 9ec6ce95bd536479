import { gunzipSync, gzipSync } from "node:zlib";
import { ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient, s3Options } from "../../functions/src/adapters/aws";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { ttlOf } from "../../functions/src/domain/retention";
import { exampleStudyInput } from "../fixtures/studies";
import { builtReport, client, fakeEvents, T0 } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

const ORIGIN = "http://localhost:8788";

/** Retention and erasure read back from the storage itself: every item, every object. */
describe("retention: ttl on every item of a session, and erasure of every byte", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;
  let queue: InProcessQueue;
  let session: { sessionId: string; sessionToken: string };
  let studyId: string;
  const made: string[] = [];

  const scan = async () => {
    const dynamo = dynamoClient(storage.config);
    const out = await dynamo.send(new ScanCommand({ TableName: storage.config.tableName }));
    dynamo.destroy();
    return (out.Items ?? []).map((i) => unmarshall(i));
  };
  const objects = async (prefix: string) => {
    const s3 = new S3Client(s3Options(storage.config));
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: storage.config.bucketName, Prefix: prefix }),
    );
    s3.destroy();
    return (out.Contents ?? []).map((o) => o.Key);
  };
  /** Whether an item names the id anywhere, inside gzipped attributes (summaries, the stored report) too. */
  const mentions = (item: Record<string, unknown>, id: string) =>
    Object.values(item).some((v) =>
      v instanceof Uint8Array
        ? (v[0] === 0x1f && v[1] === 0x8b ? gunzipSync(v) : Buffer.from(v)).toString("utf8").includes(id)
        : JSON.stringify(v ?? null).includes(id),
    );
  const ingest = (path: string, method: string, body: BodyInit, type: string) =>
    app.request(`/api/ingest/sessions/${session.sessionId}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.sessionToken}`, origin: ORIGIN, "content-type": type },
      body,
    });

  beforeAll(async () => {
    storage = await embeddedStorage();
    let deps: ReturnType<typeof testDeps>["deps"];
    ({ deps, queue } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
    // 45 days asked: kept 30 (the retention class below), never longer than the study says.
    const study = await api.post("/api/studies", {
      ...exampleStudyInput(),
      status: "live",
      retentionDays: 45,
    });
    studyId = study.json.id;
    const invites = await api.post(`/api/studies/${studyId}/invites`, { count: 1 });
    const token = String(invites.json.invites[0].url).split("/i/")[1];
    const page = await app.request(`/i/${token}`);
    expect(await page.text()).toContain("kept for 30 days, then deleted");
    const accepted = await app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    session = await accepted.json();
    const t = 1000; // ms after T0 (fakeEvents counts from there)
    for (const [seq, events] of [fakeEvents(t, 5, true), fakeEvents(t + 1000, 5)].entries()) {
      const res = await ingest(`/chunks/${seq}`, "PUT", gzipSync(JSON.stringify(events)), "application/gzip");
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const json = "application/json";
    expect((await ingest("/attempts/0", "PUT", JSON.stringify({ event: "start" }), json)).status).toBe(200);
    const report = { id: "fb_retention01", kind: "report", text: "Slow page", clientTs: T0 + t + 500 };
    expect((await ingest("/feedback", "POST", JSON.stringify(report), json)).status).toBe(201);
    expect((await ingest("/complete", "POST", "{}", json)).status).toBe(200);
    await queue.drained();
  });
  afterAll(async () => storage?.stop());

  it("gives every item of the session (record, chunks, attempts, feedback, analysis, summary) its ttl", async () => {
    const detail = (await api.get(`/api/sessions/${session.sessionId}`)).json;
    expect(detail.retentionDays).toBe(30);
    expect(Date.parse(detail.expiresAt) - Date.parse(detail.startedAt)).toBe(30 * 86_400_000);
    const items = (await scan()).filter((i) => mentions(i, session.sessionId));
    const kinds = new Set(items.map((i) => String(i.sk).replace(/#.*/, "")));
    // (No task ran in this recording, so analysis found no step visits or signals to store;
    // the finished session was compacted: its chunks are indexed in a segment now.)
    expect([...kinds].sort()).toEqual(["ATTEMPT", "FEEDBACK", "SEGMENT", "SESSION", "SUMMARY"]);
    for (const i of items) expect(i.ttl, String(i.sk)).toBe(ttlOf(detail.expiresAt));
  });

  it("treats an item past its ttl as gone before DynamoDB deletes it: no chunk is listed once it may have expired", async () => {
    const dynamo = dynamoClient(storage.config);
    const setTtl = (ttl: number) =>
      dynamo.send(
        new UpdateItemCommand({
          TableName: storage.config.tableName,
          Key: { pk: { S: `SESSION#${session.sessionId}` }, sk: { S: "SEGMENT#00000000" } },
          UpdateExpression: "SET #ttl = :ttl",
          ExpressionAttributeNames: { "#ttl": "ttl" },
          ExpressionAttributeValues: { ":ttl": { N: String(ttl) } },
        }),
      );
    const { expiresAt } = (await api.get(`/api/sessions/${session.sessionId}`)).json;
    await setTtl(Math.floor(Date.now() / 1000) - 60);
    expect((await api.get(`/api/sessions/${session.sessionId}`)).json.recording.seqs).toEqual([]);
    const page = await api.get(`/api/sessions/${session.sessionId}/events?from=0`);
    expect(page.json.chunks).toEqual([]);
    await setTtl(ttlOf(expiresAt)); // back as it was, for the cases below
    expect((await api.get(`/api/sessions/${session.sessionId}`)).json.recording.seqs).toEqual([0, 1]);
    dynamo.destroy();
  });

  it("gives what reviewers make of the session (annotation, clip, reel, share link) the session's ttl", async () => {
    const detail = (await api.get(`/api/sessions/${session.sessionId}`)).json;
    const ann = await api.post(`/api/sessions/${session.sessionId}/annotations`, {
      t: 100,
      tag: "bug",
      severity: 2,
    });
    expect(ann.status).toBe(201);
    // A change keeps the end of retention.
    expect((await api.patch(`/api/annotations/${ann.json.id}`, { note: "changed" })).status).toBe(200);
    const clip = await api.post(`/api/sessions/${session.sessionId}/clips`, {
      start: 0,
      end: 900,
      title: "C",
    });
    expect(clip.status, clip.text).toBe(201);
    const reel = await api.post(`/api/studies/${studyId}/reels`, { title: "R", clipIds: [clip.json.id] });
    expect(reel.status, reel.text).toBe(201);
    const clipShare = await api.post(`/api/clips/${clip.json.id}/share`, {});
    const reelShare = await api.post(`/api/reels/${reel.json.id}/share`, {});
    expect([clipShare.status, reelShare.status]).toEqual([201, 201]);
    made.push(ann.json.id, clip.json.id, reel.json.id, clipShare.json.id, reelShare.json.id);
    const items = await scan();
    const kinds = ["ANNOTATION", "CLIP", "REEL", "SHARE", "SHARETOKEN"];
    const theirs = items.filter((i) => kinds.includes(String(i.sk)));
    expect(theirs.map((i) => String(i.sk)).sort()).toEqual([...kinds, "SHARE", "SHARETOKEN"].sort());
    for (const i of theirs) expect(i.ttl, String(i.sk)).toBe(ttlOf(detail.expiresAt));
    // The stored journey map holds the session's data: it goes with (the first of) its sessions.
    expect((await builtReport(api, queue, studyId)).json.freshness.sessionsCounted).toBe(1);
    const report = (await scan()).filter((i) => String(i.sk).startsWith("REPORT"));
    expect(report.length).toBeGreaterThanOrEqual(2); // the head and its parts
    for (const i of report) expect(i.ttl, String(i.sk)).toBe(ttlOf(detail.expiresAt));
  }, 30_000); // a dozen requests and a rebuild: slow on a busy machine

  it("erasing the session leaves no item that names it or what was made of it, and no object under its prefix", async () => {
    expect(await objects(`sessions/${session.sessionId}/`)).toHaveLength(1); // its compacted segment
    expect(made).toHaveLength(5);
    expect((await api.del(`/api/sessions/${session.sessionId}`)).status).toBe(204);
    await queue.drained();
    expect((await scan()).filter((i) => mentions(i, session.sessionId))).toEqual([]);
    for (const id of made)
      expect(
        (await scan()).filter((i) => mentions(i, id)),
        id,
      ).toEqual([]);
    expect(await objects(`sessions/${session.sessionId}/`)).toEqual([]);
    expect((await builtReport(api, queue, studyId)).json.sessions.total).toBe(0);
  });
});
