import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import type { Deps, LogLine } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

const ORIGIN = "http://localhost:8788";

describe("participant API: invite page, consent, ingest", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let logs: LogLine[];
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;
  let study: { id: string; tasks: { id: string }[] };

  const tokenOf = (url: string) => url.split("/i/")[1] ?? "";
  const invite = async (body: unknown, studyId = study.id) =>
    (await api.post(`/api/studies/${studyId}/invites`, body)).json.invites.map((i: { url: string }) =>
      tokenOf(i.url),
    );
  const accept = (token: string, textVersion = CONSENT_TEXT_VERSION) =>
    app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion }),
    });
  const ingest = (
    sessionId: string,
    path: string,
    init: { method: string; token?: string; origin?: string; body?: BodyInit; type?: string },
  ) =>
    app.request(`/api/ingest/sessions/${sessionId}${path}`, {
      method: init.method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.origin === undefined ? { origin: ORIGIN } : init.origin ? { origin: init.origin } : {}),
        ...(init.type ? { "content-type": init.type } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  const startSession = async () => {
    const [token] = await invite({ count: 1 });
    const res = await accept(token);
    expect(res.status).toBe(201);
    return (await res.json()) as {
      sessionId: string;
      sessionToken: string;
      redirect: string;
      handoff: string;
    };
  };
  const putChunk = (
    s: { sessionId: string; sessionToken: string },
    seq: number,
    events: unknown[],
    extra = {},
  ) =>
    ingest(s.sessionId, `/chunks/${seq}`, {
      method: "PUT",
      token: s.sessionToken,
      type: "application/gzip",
      body: gzipSync(JSON.stringify(events)),
      ...extra,
    });

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, logs } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
    study = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json;
  });
  afterAll(async () => storage?.stop());

  it("shows the consent page without consuming the invite, with the consent hook", async () => {
    const [token] = await invite({ count: 1 });
    for (let i = 0; i < 2; i++) {
      const page = await app.request(`/i/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toMatch(/script-src 'nonce-/);
      const html = await page.text();
      expect(html).toContain('data-fm="consent-accept"');
      expect(html).toContain("What is not recorded");
    }
    expect(
      (await api.get(`/api/studies/${study.id}/invites`)).json.items.find(
        (i: { used: number }) => i.used > 0,
      ),
    ).toBeUndefined();
  });

  it("never writes invite tokens into the request log", async () => {
    const [token] = await invite({ count: 1 });
    await app.request(`/i/${token}`);
    await accept(token);
    const lines = JSON.stringify(logs);
    expect(lines).not.toContain(token);
    expect(lines).toContain("/i/[token]");
    expect(lines).toContain("/api/invites/[token]/accept");
  });

  it("starts exactly one session per single-use link, handing the recorder off in the fragment", async () => {
    const [token] = await invite({ count: 1, label: "Alex" });
    const results = await Promise.all(Array.from({ length: 5 }, () => accept(token)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410, 410, 410]);
    const ok = (await results.find((r) => r.status === 201)?.json()) as {
      redirect: string;
      handoff: string;
      sessionId: string;
    };
    expect(ok.redirect).toBe(`http://localhost:8788/#fm=${ok.handoff}`);
    expect(JSON.parse(Buffer.from(ok.handoff, "base64url").toString())).toMatchObject({
      s: ok.sessionId,
      a: "http://localhost:8787",
    });
    const sessions = (await api.get(`/api/studies/${study.id}/sessions`)).json.items;
    expect(sessions.filter((s: { participantLabel: string }) => s.participantLabel === "Alex")).toHaveLength(
      1,
    );
    const used = await app.request(`/i/${token}`);
    expect(used.status).toBe(410);
    expect(await used.text()).toContain("already used");
  });

  it("never lets an open link exceed its cap", async () => {
    const [token] = await invite({ open: true, cap: 3, label: "Panel" });
    const results = await Promise.all(Array.from({ length: 8 }, () => accept(token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(await (await app.request(`/i/${token}`)).text()).toContain("This study is full");
  });

  it("answers unknown, expired, draft and closed links with a clear page", async () => {
    expect((await app.request("/i/not-a-token")).status).toBe(404);
    expect(await (await app.request(`/i/${"A".repeat(43)}`)).text()).toContain("This link does not work");
    const draft = (await api.post("/api/studies", exampleStudyInput())).json;
    const [draftToken] = await invite({ count: 1 }, draft.id);
    expect(await (await app.request(`/i/${draftToken}`)).text()).toContain("has not started yet");
    expect((await accept(draftToken)).status).toBe(410);
    await api.patch(`/api/studies/${draft.id}`, { status: "closed" });
    expect(await (await app.request(`/i/${draftToken}`)).text()).toContain("This study has ended");
    const [old] = await invite({ count: 1, expiresInDays: 1 });
    const later = createApp({ ...deps, now: () => new Date(Date.now() + 2 * 86_400_000) });
    expect(await (await later.request(`/i/${old}`)).text()).toContain("expired");
    expect((await accept(old, "an-old-version")).status).toBe(409);
  });

  it("lets the recorder read its study and store chunks once, from the study's origin only", async () => {
    const s = await startSession();
    const cfg = await ingest(s.sessionId, "", { method: "GET", token: s.sessionToken });
    expect(cfg.status).toBe(200);
    expect(cfg.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const body = (await cfg.json()) as any;
    expect(body.study.tasks[0]).toMatchObject({ title: "Request a quote", success: { type: "url" } });
    expect(body.study.tasks[0].steps).toBeUndefined();

    const events = fakeEvents(1000, 5, true);
    expect((await putChunk(s, 3, events)).status).toBe(201);
    expect((await putChunk(s, 3, events)).status).toBe(200); // a resend is acknowledged, not stored again
    const json = await ingest(s.sessionId, "/chunks/4", {
      method: "PUT",
      token: s.sessionToken,
      type: "application/json",
      body: JSON.stringify(fakeEvents(2000, 2)),
    });
    expect(json.status).toBe(201);
    const read = await api.get(`/api/sessions/${s.sessionId}/events`);
    expect(read.json).toEqual([...events, ...fakeEvents(2000, 2)]);
    const detail = (await api.get(`/api/sessions/${s.sessionId}`)).json;
    expect(detail).toMatchObject({
      chunkCount: 2,
      eventCount: events.length + 2,
      durationMs: 2000 + 10 + 10 - 1000,
    });

    const preflight = await ingest(s.sessionId, "/chunks/5", { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const evil = await ingest(s.sessionId, "/chunks/5", {
      method: "OPTIONS",
      origin: "https://evil.example",
    });
    expect(evil.status).toBe(403);
    expect((await putChunk(s, 5, events, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("refuses another session's token, missing tokens and bad chunks, keeping what was stored", async () => {
    const a = await startSession();
    const b = await startSession();
    expect((await putChunk(a, 1, fakeEvents(1, 2, true))).status).toBe(201);
    const cross = await putChunk(
      { sessionId: a.sessionId, sessionToken: b.sessionToken },
      2,
      fakeEvents(5, 2),
    );
    expect(cross.status).toBe(401);
    expect(((await cross.json()) as any).error.code).toBe("unauthorized");
    expect((await putChunk({ sessionId: a.sessionId, sessionToken: "" }, 2, fakeEvents(5, 2))).status).toBe(
      401,
    );
    const bad: [BodyInit, string, number][] = [
      ["not gzip", "application/gzip", 400],
      [gzipSync("[]"), "application/gzip", 400],
      [gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)), "application/gzip", 413],
      [new Uint8Array(2 * 1024 * 1024), "application/gzip", 413],
      ["[]", "text/plain", 415],
    ];
    for (const [body, type, status] of bad) {
      const res = await ingest(a.sessionId, "/chunks/9", {
        method: "PUT",
        token: a.sessionToken,
        type,
        body,
      });
      expect(res.status, `${type} ${status}`).toBe(status);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    }
    expect((await putChunk(a, -1, fakeEvents(1, 1))).status).toBe(400);
    expect(
      (
        await putChunk(
          { sessionId: "se_00000000000000000000", sessionToken: a.sessionToken },
          1,
          fakeEvents(1, 1),
        )
      ).status,
    ).toBe(404);
    expect((await api.get(`/api/sessions/${a.sessionId}`)).json.recording.seqs).toEqual([1]);
  });

  it("records attempts idempotently, problem reports, and completion", async () => {
    const s = await startSession();
    const put = (body: unknown, index = 0) =>
      ingest(s.sessionId, `/attempts/${index}`, {
        method: "PUT",
        token: s.sessionToken,
        type: "application/json",
        body: JSON.stringify(body),
      });
    expect((await put({ event: "start" })).status).toBe(200);
    expect((await put({ event: "end", outcome: "success" })).status).toBe(200);
    expect((await put({ event: "end", outcome: "gave_up" })).status).toBe(200); // first end wins
    expect((await put({ event: "answer", seq: 6, comment: "fine" })).status).toBe(200);
    expect((await put({ event: "answer", seq: 9 })).status).toBe(400);
    expect((await put({ event: "start" }, 7)).status).toBe(404);
    const report = { id: "fb_abcdefgh12", kind: "report", text: "The form ate my message", clientTs: 1234 };
    for (let i = 0; i < 2; i++) {
      const res = await ingest(s.sessionId, "/feedback", {
        method: "POST",
        token: s.sessionToken,
        type: "application/json",
        body: JSON.stringify(report),
      });
      expect(res.status).toBe(201);
    }
    const done = await ingest(s.sessionId, "/complete", {
      method: "POST",
      token: s.sessionToken,
      type: "application/json",
      body: JSON.stringify({ sus: [5, 1, 5, 1, 5, 1, 5, 1, 5, 1] }),
    });
    expect(done.status).toBe(200);
    const detail = (await api.get(`/api/sessions/${s.sessionId}`)).json;
    expect(detail).toMatchObject({
      status: "completed",
      outcomes: { [study.tasks[0]?.id ?? ""]: "success" },
      sus: [5, 1, 5, 1, 5, 1, 5, 1, 5, 1],
    });
    expect(detail.attempts).toEqual([
      expect.objectContaining({ outcome: "success", seq: 6, comment: "fine" }),
    ]);
    expect(detail.seqAnswers).toEqual({ [study.tasks[0]?.id ?? ""]: 6 });
    expect(detail.feedback).toEqual([
      expect.objectContaining({ id: "fb_abcdefgh12", text: "The form ate my message" }),
    ]);
    const invites = (await api.get(`/api/studies/${study.id}/invites`)).json.items;
    expect(invites.filter((i: { status: string }) => i.status === "completed").length).toBeGreaterThanOrEqual(
      1,
    );
  });
});
