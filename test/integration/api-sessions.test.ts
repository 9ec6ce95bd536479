import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import type { Deps } from "../../functions/src/ports";
import { storeChunk } from "../../functions/src/services/recording";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, seedSession, T0 } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

describe("researcher API: sessions, events, annotations", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let api: ReturnType<typeof client>;
  let study: { id: string; tasks: { id: string; steps: { id: string }[] }[] };

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    api = client(createApp(deps));
    study = (await api.post("/api/studies", { ...exampleStudyInput(), tags: ["pricing"] })).json;
  });
  afterAll(async () => storage?.stop());

  it("lists a study's sessions and reads one with its recording index", async () => {
    const s1 = await seedSession(deps, study.id, [fakeEvents(1000, 3, true)], "Alice");
    const s2 = await seedSession(deps, study.id, [fakeEvents(5000, 3, true), fakeEvents(6000, 2)], "Bob");
    const list = await api.get(`/api/studies/${study.id}/sessions`);
    expect(list.status).toBe(200);
    expect(list.json.items.map((s: { participantLabel: string }) => s.participantLabel)).toEqual([
      "Bob",
      "Alice",
    ]);
    expect(list.json.items[0]).toMatchObject({ id: s2.id, status: "active", outcomes: {}, signalCounts: {} });

    const one = await api.get(`/api/sessions/${s1.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      id: s1.id,
      studyId: study.id,
      attempts: [],
      stepVisits: [],
      signals: [],
      annotations: [],
      recording: { chunkCount: 1, seqs: [0], firstTs: T0 + 1000 },
    });
  });

  it("reads the event stream back in sequence order, each chunk once", async () => {
    const session = await seedSession(deps, study.id, []);
    const chunks = [fakeEvents(10_000, 4, true), fakeEvents(20_000, 3), fakeEvents(30_000, 5)];
    const gz = chunks.map((c) => gzipSync(JSON.stringify(c)));
    // Sent out of order, and chunk 1 sent three times (retries).
    for (const seq of [2, 0, 1, 1, 1]) {
      await storeChunk(deps, session, seq, gz[seq] as Uint8Array, new Date());
    }
    const res = await api.get(`/api/sessions/${session.id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.json).toEqual(chunks.flat());
    expect(res.json[0].type).toBe(4);

    const from1 = await api.get(`/api/sessions/${session.id}/events?from=1`);
    expect(from1.json).toEqual({
      chunks: [
        { seq: 1, events: chunks[1] },
        { seq: 2, events: chunks[2] },
      ],
      next: null,
    });
    const big = await seedSession(deps, study.id, [fakeEvents(1000, 400, true), fakeEvents(9000, 3)]);
    const small = await api.get(`/api/sessions/${big.id}/events?from=0&maxBytes=16384`);
    expect(small.json.chunks.map((c: { seq: number }) => c.seq)).toEqual([0]); // at least one chunk
    expect(small.json.next).toBe(1);
    expect((await api.get(`/api/sessions/${big.id}/events?from=0`)).json.next).toBeNull();
    expect((await api.get(`/api/sessions/${session.id}/events?from=0&maxBytes=5`)).status).toBe(400);
    expect((await api.get(`/api/sessions/${session.id}/events?from=-1`)).status).toBe(400);
    expect((await api.get(`/api/sessions/${session.id}/events?from=abc`)).status).toBe(400);
  });

  it("answers an empty array for a session with no chunks yet", async () => {
    const session = await seedSession(deps, study.id, []);
    const res = await api.get(`/api/sessions/${session.id}/events`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  it("creates, lists, edits and deletes annotations tied to a time and a journey step", async () => {
    const session = await seedSession(deps, study.id, [fakeEvents(1000, 3, true)]);
    const [task] = study.tasks;
    const [home, services] = task?.steps ?? [];
    await deps.analyses.put(
      session.id,
      [
        { taskId: task?.id ?? "", stepId: home?.id ?? "", enteredAt: 0, leftAt: 4000 },
        { taskId: task?.id ?? "", stepId: services?.id ?? "", enteredAt: 4000, leftAt: 9000 },
      ],
      [],
    );
    const byTime = await api.post(`/api/sessions/${session.id}/annotations`, {
      t: 5000,
      tag: "navigation",
      severity: 3,
      note: "Looked for pricing in the footer",
    });
    expect(byTime.status).toBe(201);
    expect(byTime.json).toMatchObject({
      stepId: services?.id,
      taskId: task?.id,
      author: "Admin",
      studyId: study.id,
    });

    const explicit = await api.post(`/api/sessions/${session.id}/annotations`, {
      t: 1000,
      tEnd: 2500,
      stepId: services?.id,
      tag: "pricing",
      severity: 1,
    });
    expect(explicit.status).toBe(201);
    expect(explicit.json.stepId).toBe(services?.id);

    const list = await api.get(`/api/sessions/${session.id}/annotations`);
    expect(list.json.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [byTime.json.id, explicit.json.id].sort(),
    );
    expect((await api.get(`/api/sessions/${session.id}`)).json.annotationCount).toBe(2);

    const moved = await api.patch(`/api/annotations/${byTime.json.id}`, { t: 100, severity: 4 });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      t: 100,
      severity: 4,
      stepId: home?.id,
      note: "Looked for pricing in the footer",
    });

    expect((await api.del(`/api/annotations/${byTime.json.id}`)).status).toBe(204);
    expect((await api.get(`/api/annotations/${byTime.json.id}`)).status).toBe(405);
    expect((await api.patch(`/api/annotations/${byTime.json.id}`, { severity: 1 })).status).toBe(404);
    expect((await api.get(`/api/sessions/${session.id}`)).json.annotationCount).toBe(1);
  });

  it("refuses annotations that do not fit the study, storing nothing", async () => {
    const session = await seedSession(deps, study.id, [fakeEvents(1000, 3, true)]);
    const cases = [
      [{ t: 10, tag: "nope", severity: 2 }, "tag"],
      [{ t: 10, tag: "bug", severity: 5 }, "severity"],
      [{ t: 500, tEnd: 100, tag: "bug", severity: 2 }, "tEnd"],
      [{ t: 10, tag: "bug", severity: 2, stepId: "sp_00000000000000000000" }, "stepId"],
      [{ t: -1, tag: "bug", severity: 2 }, "t"],
      [{ tag: "bug", severity: 2 }, "t"],
    ] as const;
    for (const [body, path] of cases) {
      const res = await api.post(`/api/sessions/${session.id}/annotations`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await api.get(`/api/sessions/${session.id}/annotations`)).json.items).toEqual([]);
  });

  it("erases a session: metadata, annotations and every stored chunk", async () => {
    const session = await seedSession(deps, study.id, [
      fakeEvents(1000, 3, true),
      fakeEvents(2000, 3),
      fakeEvents(3000, 3),
    ]);
    const ann = await api.post(`/api/sessions/${session.id}/annotations`, { t: 10, tag: "bug", severity: 2 });
    const keys = (await deps.recordings.list(session.id)).map((c) => c.key);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(await deps.blobs.get(key)).toBeDefined();

    expect((await api.del(`/api/sessions/${session.id}`)).status).toBe(204);
    expect((await api.get(`/api/sessions/${session.id}`)).status).toBe(404);
    expect((await api.get(`/api/sessions/${session.id}/events`)).status).toBe(404);
    for (const key of keys) expect(await deps.blobs.get(key)).toBeUndefined();
    expect(await deps.annotations.get(ann.json.id)).toBeUndefined();
    expect((await api.del(`/api/sessions/${session.id}`)).status).toBe(404);
    const ids = (await api.get(`/api/studies/${study.id}/sessions`)).json.items.map(
      (s: { id: string }) => s.id,
    );
    expect(ids).not.toContain(session.id);
  });
});
