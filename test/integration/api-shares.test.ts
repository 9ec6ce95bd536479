import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoClient } from "../../functions/src/adapters/aws";
import { createApp } from "../../functions/src/app";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, seedSession, T0 } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

const CHUNKS = [fakeEvents(1000, 50, true), fakeEvents(2000, 50, true), fakeEvents(3000, 50)];
const DAY = 86_400_000;
const tokenOf = (url: string) => new URL(url).pathname.split("/")[2] as string;
const stamps = (events: { timestamp: number }[]) => events.map((e) => e.timestamp - T0);

describe("share links and the shared page", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let env: ReturnType<typeof testDeps>;
  let api: ReturnType<typeof client>;
  let anon: ReturnType<typeof client>;
  let clock = Date.now();
  let study: { id: string };
  let sessionId: string;
  let clip: { id: string };

  beforeAll(async () => {
    storage = await embeddedStorage();
    env = testDeps(storage.config, { now: () => new Date(clock) });
    const app = createApp(env.deps);
    api = client(app);
    anon = {
      ...client(app),
      get: (path: string, headers: Record<string, string> = {}) =>
        client(app).send("GET", path, undefined, { Authorization: "", ...headers }),
    } as ReturnType<typeof client>;
    study = (await api.post("/api/studies", exampleStudyInput())).json;
    sessionId = (await seedSession(env.deps, study.id, CHUNKS, "Alice")).id;
    clip = (
      await api.post(`/api/sessions/${sessionId}/clips`, {
        start: 1600,
        end: 2200,
        title: "Price <b>hunt</b>",
        note: "Twice",
      })
    ).json;
  });
  afterAll(async () => storage?.stop());

  it("mints a link whose token is random, long, and stored only as a hash", async () => {
    const res = await api.post(`/api/clips/${clip.id}/share`, { expiresInDays: 7 });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: expect.stringMatching(/^sh_/),
      url: expect.stringMatching(/^http:\/\/localhost:8787\/s\/[A-Za-z0-9_-]{43}$/),
    });
    expect(Date.parse(res.json.expiresAt) - clock).toBe(7 * DAY);
    const token = tokenOf(res.json.url);
    clock += 1000;
    const scan = await dynamoClient(storage.config).send(
      new ScanCommand({ TableName: storage.config.tableName }),
    );
    expect(JSON.stringify(scan.Items)).not.toContain(token);
    const second = await api.post(`/api/clips/${clip.id}/share`, {});
    expect(second.status).toBe(201);
    expect(tokenOf(second.json.url)).not.toBe(token);
    expect(Date.parse(second.json.expiresAt) - clock).toBe(30 * DAY);
    clock += 1000;
    for (const bad of [{ expiresInDays: 0 }, { expiresInDays: 366 }, { expiresInDays: "7" }, { other: 1 }]) {
      expect((await api.post(`/api/clips/${clip.id}/share`, bad)).status).toBe(400);
    }
    const listed = await api.get(`/api/studies/${study.id}/shares`);
    expect(listed.json.items[0]).toMatchObject({
      id: second.json.id,
      status: "active",
      createdBy: expect.any(String),
      target: { kind: "clip", id: clip.id },
    });
    expect(JSON.stringify(listed.json)).not.toContain("tokenHash");
  });

  it("opens without sign-in, shows only the clip, and is never indexed", async () => {
    const { url } = (await api.post(`/api/clips/${clip.id}/share`, {})).json;
    const path = new URL(url).pathname;
    const page = await anon.get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-robots-tag")).toContain("noindex");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.text).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(page.text).toContain("Price &lt;b&gt;hunt&lt;/b&gt;");
    expect(page.text).not.toContain(sessionId);
    expect(page.text).not.toContain(study.id);

    const data = await anon.get(`${path}/data`);
    expect(data.json).toEqual({
      kind: "clip",
      title: "Price <b>hunt</b>",
      note: "Twice",
      expiresAt: expect.any(String),
      clips: [{ title: "Price <b>hunt</b>", note: "Twice", participantLabel: "Alice", durationMs: 600 }],
    });
    const slice = (await anon.get(`${path}/clips/0`)).json;
    // From the meta + full snapshot before the start (2000, 2001) to the clip's end (3200).
    expect(stamps(slice.events)[0]).toBe(2000);
    expect(slice.events[1].type).toBe(2);
    expect(Math.max(...stamps(slice.events))).toBeLessThanOrEqual(3200);
    expect(stamps(slice.events)).toContain(3200);
    expect(slice).toMatchObject({ startOffset: 600, endOffset: 1200 });
    expect((await anon.get(`${path}/clips/1`)).status).toBe(404);
    expect((await anon.get(`${path}/clips/-1`)).status).toBe(404);

    // The token is no reviewer credential.
    const token = tokenOf(url);
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await anon.get(`/api/sessions/${sessionId}`, bearer)).status).toBe(401);
    expect((await anon.get(`/api/sessions/${sessionId}/events`, bearer)).status).toBe(401);
    expect((await anon.get(`/api/clips/${clip.id}`, bearer)).status).toBe(401);
    // Request logs never hold it.
    expect(JSON.stringify(env.logs)).not.toContain(token);
    expect(env.logs.some((l) => l.path === "/s/[token]/clips/0")).toBe(true);
  });

  it("steps back to the chunk with the snapshot when the clip starts in one without", async () => {
    const late = (
      await api.post(`/api/sessions/${sessionId}/clips`, { start: 2100, end: 2400, title: "Late" })
    ).json;
    const { url } = (await api.post(`/api/clips/${late.id}/share`, {})).json;
    const slice = (await anon.get(`${new URL(url).pathname}/clips/0`)).json;
    expect(stamps(slice.events)[0]).toBe(2000);
    expect(Math.max(...stamps(slice.events))).toBe(3400);
    expect(slice.startOffset).toBe(1100);
  });

  it("answers 410 once revoked or expired, 404 for unknown links and deleted clips", async () => {
    const made = (await api.post(`/api/clips/${clip.id}/share`, { expiresInDays: 1 })).json;
    const path = new URL(made.url).pathname;
    expect((await api.del(`/api/shares/${made.id}`)).status).toBe(204);
    const revoked = await anon.get(path);
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain('data-fm-refusal="revoked"');
    expect(revoked.headers.get("x-robots-tag")).toContain("noindex");
    expect((await anon.get(`${path}/data`)).status).toBe(410);
    expect((await anon.get(`${path}/clips/0`)).json.error.code).toBe("revoked");
    const listed = (await api.get(`/api/studies/${study.id}/shares`)).json.items;
    expect(listed.find((s: { id: string }) => s.id === made.id)).toMatchObject({
      status: "revoked",
      revokedBy: expect.any(String),
    });
    expect((await api.del(`/api/shares/${made.id}`)).status).toBe(204);
    expect((await api.del("/api/shares/sh_00000000000000000000")).status).toBe(404);

    const expiring = (await api.post(`/api/clips/${clip.id}/share`, { expiresInDays: 1 })).json;
    clock += DAY + 1;
    const expired = await anon.get(new URL(expiring.url).pathname);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('data-fm-refusal="expired"');

    expect((await anon.get(`/s/${"A".repeat(43)}`)).status).toBe(404);
    expect((await anon.get("/s/short")).status).toBe(404);
    expect((await anon.get(`/s/${"A".repeat(43)}/data`)).json.error.code).toBe("not_found");

    const doomed = (
      await api.post(`/api/sessions/${sessionId}/clips`, { start: 0, end: 100, title: "Doomed" })
    ).json;
    const link = (await api.post(`/api/clips/${doomed.id}/share`, {})).json;
    await api.del(`/api/clips/${doomed.id}`);
    const gone = await anon.get(new URL(link.url).pathname);
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('data-fm-refusal="deleted"');
    expect((await api.post(`/api/clips/${doomed.id}/share`, {})).status).toBe(404);
    expect((await api.post("/api/reels/rl_00000000000000000000/share", {})).status).toBe(404);
  });

  it("shares a reel: one card per clip in order, clips read by number", async () => {
    const b = (
      await api.post(`/api/sessions/${sessionId}/clips`, { start: 0, end: 300, title: "B", tag: "confusing" })
    ).json;
    const reel = (
      await api.post(`/api/studies/${study.id}/reels`, { title: "Reel", clipIds: [clip.id, b.id] })
    ).json;
    const { url } = (await api.post(`/api/reels/${reel.id}/share`, {})).json;
    const path = new URL(url).pathname;
    const data = (await anon.get(`${path}/data`)).json;
    expect(data.kind).toBe("reel");
    expect(data.clips.map((c: { title: string }) => c.title)).toEqual(["Price <b>hunt</b>", "B"]);
    expect(data.clips[1]).toMatchObject({ tag: "confusing", participantLabel: "Alice" });
    expect(stamps((await anon.get(`${path}/clips/1`)).json.events)[0]).toBe(1000);
  });

  it("limits how often one caller opens links", async () => {
    const headers = { "x-forwarded-for": "203.0.113.9" };
    let last = 0;
    for (let i = 0; i < 125; i++) last = (await anon.get(`/s/${"B".repeat(43)}`, headers)).status;
    expect(last).toBe(429);
    expect((await anon.get(`/s/${"B".repeat(43)}`, { "x-forwarded-for": "203.0.113.10" })).status).toBe(404);
  });
});
