import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { analyzeSession } from "../../functions/src/services/analysis";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, seedSession, T0 } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

/** Three chunks: snapshots at 1001 and 2001, the last chunk without one; 2500 ms long. */
const CHUNKS = [fakeEvents(1000, 50, true), fakeEvents(2000, 50, true), fakeEvents(3000, 50)];

describe("researcher API: clips and reels", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: ReturnType<typeof testDeps>["deps"];
  let api: ReturnType<typeof client>;
  let study: { id: string };
  let other: { id: string };
  let sessionId: string;

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    api = client(createApp(deps));
    study = (await api.post("/api/studies", exampleStudyInput())).json;
    other = (await api.post("/api/studies", { ...exampleStudyInput(), name: "Other" })).json;
    sessionId = (await seedSession(deps, study.id, CHUNKS, "Alice")).id;
  });
  afterAll(async () => storage?.stop());

  it("makes a clip of a session and lists it by session and by study", async () => {
    const made = await api.post(`/api/sessions/${sessionId}/clips`, {
      start: 1600,
      end: 2200,
      title: "Looks for the price",
      note: "Scrolls past it twice",
      source: { kind: "signal", id: "sg_1" },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      id: expect.stringMatching(/^cl_/),
      studyId: study.id,
      sessionId,
      participantLabel: "Alice",
      start: 1600,
      end: 2200,
      author: expect.any(String),
    });
    expect(made.headers.get("location")).toBe(`/api/clips/${made.json.id}`);
    const byStudy = await api.get(`/api/studies/${study.id}/clips`);
    expect(byStudy.json.items.map((c: { id: string }) => c.id)).toContain(made.json.id);
    const bySession = await api.get(`/api/sessions/${sessionId}/clips`);
    expect(bySession.json.items).toHaveLength(1);
    expect((await api.get(`/api/studies/${other.id}/clips`)).json.items).toEqual([]);
  });

  it("makes one clip for a retried POST with the same Idempotency-Key", async () => {
    const path = `/api/sessions/${sessionId}/clips`;
    const body = { start: 100, end: 900, title: "Retried" };
    const key = { "idempotency-key": "action-7f3c9a1e-retry" };
    const before = (await api.get(path)).json.items.length;
    const first = await api.post(path, body, key);
    // The answer was lost on the way: the client sends the same request again, twice at once.
    const again = await Promise.all([api.post(path, body, key), api.post(path, body, key)]);
    expect(first.status).toBe(201);
    for (const r of again) {
      expect(r.status).toBe(201);
      expect(r.json).toEqual(first.json);
      expect(r.headers.get("idempotent-replayed")).toBe("true");
    }
    expect((await api.get(path)).json.items.length).toBe(before + 1);
    // Another action has another key; the same key for another clip is a conflict, storing nothing.
    const other = await api.post(path, body, { "idempotency-key": "action-0b1d2c3e-other" });
    expect(other.json.id).not.toBe(first.json.id);
    const misuse = await api.post(path, { ...body, title: "Something else" }, key);
    expect(misuse.status).toBe(409);
    expect((await api.get(`/api/clips/${first.json.id}`)).json.title).toBe("Retried");
    expect((await api.post(path, body, { "idempotency-key": "short" })).status).toBe(400);
    // The key is scoped to the session: the same key elsewhere makes that session's own clip.
    const elsewhere = (await seedSession(deps, study.id, CHUNKS, "Bob")).id;
    const there = await api.post(`/api/sessions/${elsewhere}/clips`, body, key);
    expect(there.status).toBe(201);
    expect(there.json.sessionId).toBe(elsewhere);
    await api.del(`/api/clips/${there.json.id}`);
    for (const id of [first.json.id, other.json.id]) await api.del(`/api/clips/${id}`);
  });

  it("refuses ranges outside the session or with end ≤ start, and keeps the clip intact", async () => {
    const cases = [
      { start: 500, end: 500 },
      { start: 900, end: 400 },
      { start: 0, end: 2501 },
      { start: 2600, end: 2700 },
      { start: -1, end: 100 },
      { start: 0.5, end: 100 },
      { start: "0", end: 100 },
    ];
    for (const range of cases) {
      const res = await api.post(`/api/sessions/${sessionId}/clips`, { ...range, title: "x" });
      expect(res.status, JSON.stringify(range)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
    }
    expect((await api.post(`/api/sessions/${sessionId}/clips`, { start: 0, end: 10 })).status).toBe(400);
    expect(
      (
        await api.post(`/api/sessions/${sessionId}/clips`, {
          start: 0,
          end: 10,
          title: "x",
          id: "cl_x",
          extra: 1,
        })
      ).status,
    ).toBe(400);
    expect(
      (await api.post("/api/sessions/se_00000000000000000000/clips", { start: 0, end: 10, title: "x" }))
        .status,
    ).toBe(404);
    expect((await api.post("/api/sessions/nope/clips", { start: 0, end: 10, title: "x" })).status).toBe(400);

    const clip = (await api.post(`/api/sessions/${sessionId}/clips`, { start: 100, end: 900, title: "Keep" }))
      .json;
    const bad = await api.patch(`/api/clips/${clip.id}`, { end: 50 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ path: "end" });
    expect((await api.get(`/api/clips/${clip.id}`)).json).toMatchObject({
      start: 100,
      end: 900,
      title: "Keep",
    });
    const good = await api.patch(`/api/clips/${clip.id}`, { start: 200, title: "Kept", note: "n" });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ start: 200, end: 900, title: "Kept", note: "n" });
    expect((await api.patch(`/api/clips/${clip.id}`, { note: "" })).json.note).toBeUndefined();

    expect((await api.del(`/api/clips/${clip.id}`)).status).toBe(204);
    expect((await api.get(`/api/clips/${clip.id}`)).status).toBe(404);
    expect((await api.del(`/api/clips/${clip.id}`)).status).toBe(404);
    expect((await api.patch(`/api/clips/${clip.id}`, { title: "gone" })).status).toBe(404);
  });

  it("makes reels of clips of its own study only, in the order given", async () => {
    const a = (await api.post(`/api/sessions/${sessionId}/clips`, { start: 0, end: 300, title: "A" })).json;
    const b = (await api.post(`/api/sessions/${sessionId}/clips`, { start: 400, end: 700, title: "B" })).json;
    const foreignSession = await seedSession(deps, other.id, [fakeEvents(1000, 20, true)], "Zed");
    const foreign = (
      await api.post(`/api/sessions/${foreignSession.id}/clips`, { start: 0, end: 100, title: "F" })
    ).json;

    const reel = await api.post(`/api/studies/${study.id}/reels`, {
      title: "Pricing",
      clipIds: [b.id, a.id],
    });
    expect(reel.status).toBe(201);
    expect(reel.json.clips.map((c: { title: string }) => c.title)).toEqual(["B", "A"]);

    const mixed = await api.post(`/api/studies/${study.id}/reels`, {
      title: "Mixed",
      clipIds: [a.id, foreign.id],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.details).toEqual([{ path: "clipIds[1]", message: "is a clip of another study" }]);
    expect(
      (await api.post(`/api/studies/${study.id}/reels`, { title: "Twice", clipIds: [a.id, a.id] })).status,
    ).toBe(400);
    expect((await api.post(`/api/studies/${study.id}/reels`, { title: "Empty", clipIds: [] })).status).toBe(
      400,
    );
    expect(
      (
        await api.post(`/api/studies/${study.id}/reels`, {
          title: "Ghost",
          clipIds: ["cl_00000000000000000000"],
        })
      ).status,
    ).toBe(400);

    const id = reel.json.id;
    expect((await api.patch(`/api/reels/${id}`, { clipIds: [foreign.id] })).status).toBe(400);
    const renamed = await api.patch(`/api/reels/${id}`, { title: "Pricing, again", clipIds: [a.id] });
    expect(renamed.json).toMatchObject({ title: "Pricing, again", clipIds: [a.id] });
    expect(
      (await api.get(`/api/studies/${study.id}/reels`)).json.items.map((r: { id: string }) => r.id),
    ).toEqual([id]);
    expect((await api.del(`/api/reels/${id}`)).status).toBe(204);
    expect((await api.get(`/api/reels/${id}`)).status).toBe(404);
  });

  it("erasing a session erases its clips", async () => {
    const s = await seedSession(deps, study.id, [fakeEvents(1000, 20, true)], "Erased");
    const clip = (await api.post(`/api/sessions/${s.id}/clips`, { start: 0, end: 100, title: "E" })).json;
    expect((await api.del(`/api/sessions/${s.id}`)).status).toBe(204);
    expect((await api.get(`/api/clips/${clip.id}`)).status).toBe(404);
  });
});

describe("research notes export", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let api: ReturnType<typeof client>;
  let study: { id: string; name: string };
  let sessionId: string;

  beforeAll(async () => {
    storage = await embeddedStorage();
    const { deps } = testDeps(storage.config);
    api = client(createApp(deps));
    study = (await api.post("/api/studies", { ...exampleStudyInput(), name: "Pricing | study" })).json;
    const session = await seedSession(deps, study.id, CHUNKS, "Alice");
    sessionId = session.id;
    await deps.attempts.putFeedback(session.id, {
      id: "fb_1",
      kind: "report",
      text: '=HYPERLINK("x") I can\'t find, the price',
      at: new Date().toISOString(),
      clientTs: T0 + 1000 + 1500,
    });
    // As after the panel's POST: the worker summarises the session, the export reads that.
    await analyzeSession(deps, session.id);
    await api.post(`/api/sessions/${session.id}/annotations`, {
      t: 700,
      tag: "confusion",
      severity: 3,
      note: "Hunts for *price*",
    });
    await api.post(`/api/sessions/${session.id}/clips`, {
      start: 1200,
      end: 2000,
      title: "The hunt",
      note: "Watch this",
    });
  });
  afterAll(async () => storage?.stop());

  it("lists annotations, clips and quotes in time order, each with a moment link", async () => {
    const res = await api.get(`/api/studies/${study.id}/notes`);
    expect(res.status).toBe(200);
    expect(res.json.items.map((r: { kind: string; t: number }) => [r.kind, r.t])).toEqual([
      ["annotation", 700],
      ["clip", 1200],
      ["quote", 1500],
    ]);
    expect(res.json.items[1]).toMatchObject({
      participant: "Alice",
      tEnd: 2000,
      title: "The hunt",
      link: `http://localhost:8787/sessions/${sessionId}?t=1200`,
    });
  });

  it("exports CSV with defused cells and Markdown with escaped text", async () => {
    const csv = await api.get(`/api/studies/${study.id}/notes?format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("-notes.csv");
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("kind,participant,time,t_ms,end_ms,task,step,tag,severity,title,text,author,link");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain(`"'=HYPERLINK(""x"") I can't find, the price"`);
    expect(lines[2]).toContain(`clip,Alice,0:01,1200,2000`);
    const md = await api.get(`/api/studies/${study.id}/notes?format=md`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.text).toContain("# Notes: Pricing \\| study");
    expect(md.text).toContain(`[0:01–0:02](http://localhost:8787/sessions/${sessionId}?t=1200)`);
    expect(md.text).toContain("Hunts for \\*price\\*");
    expect((await api.get(`/api/studies/${study.id}/notes?format=pdf`)).status).toBe(400);
    expect((await api.get("/api/studies/st_00000000000000000000/notes")).status).toBe(404);
  });
});
