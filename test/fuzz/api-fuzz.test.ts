import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { seededRandom } from "../../functions/src/local/seeded-random";
import type { LogLine } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents } from "../setup/api";
import { ADMIN_TOKEN, embeddedStorage, testDeps } from "../setup/storage";
import {
  badRequests,
  EXTRA,
  type FuzzRequest,
  type FuzzTargets,
  type Operation,
  type Party,
} from "./bad-requests";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
const HANG_MS = 10_000;
const ORIGIN = "http://localhost:8788";

interface Outcome {
  route: string;
  status: number | "hang" | "threw";
  ms: number;
}

/**
 * The seeded fuzz: 10,000 bad requests across every route of the API document (and the
 * invite page, preflight, unknown paths) against the app on the embedded storage. No
 * answer is a 5xx, none hangs, the good data reads back unchanged and the platform still
 * works afterwards. FUZZ_SEED and FUZZ_REQUESTS repeat or widen a run.
 */
describe(`fuzz: ${REQUESTS} seeded bad requests (seed ${SEED})`, () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let logs: LogLine[];
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;
  let targets: FuzzTargets;

  const ingest = (
    s: { sessionId: string; sessionToken: string },
    method: string,
    path: string,
    body: BodyInit,
    type = "application/json",
  ) =>
    app.request(`/api/ingest/sessions/${s.sessionId}${path}`, {
      method,
      headers: { authorization: `Bearer ${s.sessionToken}`, origin: ORIGIN, "content-type": type },
      body,
    });

  /** A live study with an annotated, recorded session and an unused invite. */
  const party = async (name: string, complete: boolean): Promise<Party> => {
    const study = (await api.post("/api/studies", { ...exampleStudyInput(), name, status: "live" })).json;
    const tokens = (await api.post(`/api/studies/${study.id}/invites`, { open: true, cap: 40 })).json.invites;
    const inviteToken = String(tokens[0].url).split("/i/")[1] as string;
    const accepted = await app.request(`/api/invites/${inviteToken}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    const s = (await accepted.json()) as { sessionId: string; sessionToken: string };
    for (const [seq, events] of [fakeEvents(1000, 20, true), fakeEvents(5000, 20)].entries()) {
      expect(
        (await ingest(s, "PUT", `/chunks/${seq}`, gzipSync(JSON.stringify(events)), "application/gzip"))
          .status,
      ).toBe(201);
    }
    await ingest(s, "PUT", "/attempts/0", JSON.stringify({ event: "start" }));
    await ingest(s, "PUT", "/attempts/0", JSON.stringify({ event: "answer", seq: 5, comment: "ok" }));
    await ingest(s, "POST", "/feedback", JSON.stringify({ id: "fb_fuzz0001", kind: "report", text: "hm" }));
    if (complete) expect((await ingest(s, "POST", "/complete", JSON.stringify({}))).status).toBe(200);
    const note = await api.post(`/api/sessions/${s.sessionId}/annotations`, {
      t: 1200,
      tag: "confusion",
      severity: 2,
    });
    const clip = (
      await api.post(`/api/sessions/${s.sessionId}/clips`, { start: 0, end: 3000, title: `${name} clip` })
    ).json;
    const reel = (
      await api.post(`/api/studies/${study.id}/reels`, { title: `${name} reel`, clipIds: [clip.id] })
    ).json;
    const share = (await api.post(`/api/clips/${clip.id}/share`, { expiresInDays: 30 })).json;
    expect(share.url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    return {
      studyId: study.id,
      sessionId: s.sessionId,
      sessionToken: s.sessionToken,
      inviteToken,
      annotationId: note.json.id,
      clipId: clip.id,
      reelId: reel.id,
      shareId: share.id,
      shareToken: String(share.url).split("/s/")[1] as string,
    };
  };

  /** Everything the good party's reviewer can read, as text. */
  const goodState = async () => {
    const g = targets.good;
    const reads = [
      `/api/studies/${g.studyId}`,
      `/api/studies/${g.studyId}/invites`,
      `/api/studies/${g.studyId}/sessions`,
      `/api/sessions/${g.sessionId}`,
      `/api/sessions/${g.sessionId}/events`,
      `/api/sessions/${g.sessionId}/annotations`,
      `/api/studies/${g.studyId}/report`,
      `/api/studies/${g.studyId}/clips`,
      `/api/studies/${g.studyId}/reels`,
      `/s/${g.shareToken}/data`,
    ];
    return Promise.all(reads.map(async (p) => `${p} ${(await api.get(p)).text}`));
  };

  let queue: InProcessQueue;

  beforeAll(async () => {
    storage = await embeddedStorage();
    const made = testDeps(storage.config);
    logs = made.logs;
    queue = made.queue;
    app = createApp(made.deps);
    api = client(app);
    const doc = (await api.get("/api/openapi.json")).json as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        hasBody: op.requestBody !== undefined,
      })),
    );
    const good = await party("Good study", true);
    const scratch = await party("Scratch study", false);
    await queue.drained(); // the analyses the parties' data asked for, before the snapshot
    const revoked = (await api.post(`/api/clips/${scratch.clipId}/share`, {})).json;
    expect((await api.del(`/api/shares/${revoked.id}`)).status).toBe(204);
    const study = exampleStudyInput();
    targets = {
      adminToken: ADMIN_TOKEN,
      origin: ORIGIN,
      operations,
      good,
      scratch,
      events: fakeEvents(20_000, 30),
      revokedShareToken: String(revoked.url).split("/s/")[1] as string,
      examples: {
        "POST /api/studies": study,
        "PATCH /api/studies/{id}": { name: "Renamed", tasks: study.tasks },
        "POST /api/studies/{id}/invites": { count: 2, label: "Panel" },
        "POST /api/sessions/{id}/annotations": { t: 1500, tag: "navigation", severity: 3, note: "lost" },
        "PATCH /api/annotations/{id}": { severity: 1, note: "edited" },
        "POST /api/invites/{token}/accept": { consent: true, textVersion: CONSENT_TEXT_VERSION },
        "PUT /api/ingest/sessions/{id}/attempts/{taskIndex}": { event: "answer", seq: 4, comment: "fine" },
        "POST /api/ingest/sessions/{id}/feedback": { id: "fb_fuzz0002", kind: "report", text: "odd" },
        "POST /api/ingest/sessions/{id}/complete": { sus: [5, 1, 5, 1, 5, 1, 5, 1, 5, 1] },
        "POST /api/sessions/{id}/clips": { start: 100, end: 2000, title: "Fuzzed clip" },
        "PATCH /api/clips/{id}": { title: "Renamed clip", note: "edited" },
        "POST /api/clips/{id}/share": { expiresInDays: 3 },
        "POST /api/reels/{id}/share": { expiresInDays: 3 },
      },
    };
  }, 120_000);
  afterAll(async () => storage?.stop());

  it("answers every bad request below 500, in bounded time, and keeps the good data", async () => {
    const before = await goodState();
    const requests = badRequests(seededRandom(SEED), targets, REQUESTS);
    const outcomes: Outcome[] = [];
    const send = async (r: FuzzRequest): Promise<Outcome> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<"hang">((resolve) => {
        timer = setTimeout(() => resolve("hang"), HANG_MS);
      });
      const answer = (async () => {
        const res = await app.request(r.path, {
          method: r.method,
          headers: r.headers,
          ...(r.body !== undefined ? { body: r.body as BodyInit } : {}),
        });
        await res.arrayBuffer();
        return res.status;
      })().catch(() => "threw" as const);
      const status = await Promise.race([answer, hang]);
      clearTimeout(timer);
      return { route: r.route, status, ms: performance.now() - started };
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let next = requests.next(); !next.done; next = requests.next())
          outcomes.push(await send(next.value));
      }),
    );
    const elapsed = performance.now() - started;

    const classOf = (o: Outcome) =>
      typeof o.status === "number" ? `${Math.floor(o.status / 100)}xx` : o.status;
    const count = (key: (o: Outcome) => string) => {
      const m = new Map<string, number>();
      for (const o of outcomes) m.set(key(o), (m.get(key(o)) ?? 0) + 1);
      return Object.fromEntries([...m].sort());
    };
    const perRoute = count((o) => o.route);
    const msByRoute = new Map<string, number>();
    for (const o of outcomes) msByRoute.set(o.route, (msByRoute.get(o.route) ?? 0) + o.ms);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    console.log(
      [
        `fuzz seed ${SEED}: ${outcomes.length} requests in ${(elapsed / 1000).toFixed(1)} s (${Math.round(outcomes.length / (elapsed / 1000))}/s, slowest ${slowest.toFixed(0)} ms)`,
        `by status class: ${JSON.stringify(count(classOf))}`,
        `by status: ${JSON.stringify(count((o) => String(o.status)))}`,
        "by route (requests, mean time):",
        ...Object.entries(perRoute).map(
          ([route, n]) =>
            `  ${String(n).padStart(5)}  ${`${Math.round((msByRoute.get(route) ?? 0) / n)} ms`.padStart(7)}  ${route}`,
        ),
      ].join("\n"),
    );

    const failures = outcomes.filter((o) => typeof o.status !== "number" || o.status >= 500);
    for (const l of logs.filter((x) => x.level === "error").slice(0, 5))
      console.log(JSON.stringify(l).slice(0, 1500));
    expect(failures.slice(0, 10), `${failures.length} answers of 5xx, hangs or throws`).toEqual([]);
    expect(outcomes).toHaveLength(REQUESTS);
    // Every operation of the API document got its share.
    const share = Math.floor(REQUESTS / (targets.operations.length + EXTRA.length));
    for (const op of targets.operations) {
      expect(perRoute[`${op.method} ${op.path}`], `${op.method} ${op.path}`).toBeGreaterThanOrEqual(share);
    }
    expect(logs.filter((l) => l.level === "error").slice(0, 5)).toEqual([]);
    await queue.drained(); // the worker has finished whatever the fuzz queued
    const after = await goodState();
    const changed = after.filter((text, i) => text !== before[i]);
    expect(
      changed.map((t) => t.slice(0, 2000)),
      "good data changed",
    ).toEqual([]);
  }, 300_000);

  it("stays healthy afterwards: a whole participant session still works", async () => {
    expect((await api.get("/api/health")).status).toBe(200);
    const fresh = await party("After the fuzz", true);
    const detail = (await api.get(`/api/sessions/${fresh.sessionId}`)).json;
    expect(detail).toMatchObject({ status: "completed", chunkCount: 2, seqAnswers: expect.any(Object) });
    expect((await api.get(`/api/sessions/${fresh.sessionId}/events`)).json).toHaveLength(2 + 20 + 20);
  });
});
