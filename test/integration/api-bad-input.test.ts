import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import type { Deps } from "../../functions/src/ports";
import { storeChunk } from "../../functions/src/services/recording";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, seedSession } from "../setup/api";
import { ADMIN_TOKEN, embeddedStorage, testDeps } from "../setup/storage";

/** Every bad input gets a clear 4xx in the one error shape, and nothing stored changes. */
describe("bad input", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: InProcessQueue;
  let api: ReturnType<typeof client>;
  let app: ReturnType<typeof createApp>;
  let study: { id: string; version: number };
  let snapshot: string;

  const storedState = async () =>
    JSON.stringify(
      [
        await api.get("/api/studies?limit=200"),
        await api.get(`/api/studies/${study.id}`),
        await api.get(`/api/studies/${study.id}/invites`),
      ].map((r) => r.json),
    );

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
    study = (await api.post("/api/studies", exampleStudyInput())).json;
    await api.post(`/api/studies/${study.id}/invites`, { count: 2 });
    snapshot = await storedState();
  });
  afterAll(async () => storage?.stop());

  const expectError = (res: { status: number; json: any }, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(typeof res.json?.error?.message).toBe("string");
    expect(typeof res.json?.error?.code).toBe("string");
    if (code) expect(res.json.error.code).toBe(code);
  };

  it("malformed JSON → 400 malformed_json", async () => {
    for (const body of ["{", "{'name': 1}", "", "nul", "\u0000"]) {
      expectError(await api.post("/api/studies", body), 400, "malformed_json");
      expectError(await api.patch(`/api/studies/${study.id}`, body), 400, "malformed_json");
    }
    expect(await storedState()).toBe(snapshot);
  });

  it("wrong types and missing fields → 400 naming each field", async () => {
    const res = await api.post("/api/studies", {
      name: 42,
      origins: "http://localhost:8788",
      tasks: [
        {
          title: "",
          instructions: "x",
          startUrl: "javascript:alert(1)",
          steps: [{ name: "A", match: { type: "xpath" } }],
        },
      ],
    });
    expectError(res, 400, "invalid_request");
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "name",
        "origins",
        "tasks[0].title",
        "tasks[0].startUrl",
        "tasks[0].steps[0].match.type",
      ]),
    );
    for (const body of [[], "text", 7, null, { name: "x" }]) {
      expectError(await api.post("/api/studies", JSON.stringify(body)), 400, "invalid_request");
    }
    const patch = await api.patch(`/api/studies/${study.id}`, { status: "archived", sus: "yes" });
    expectError(patch, 400);
    expect(patch.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["status", "sus"]);
    expect(await storedState()).toBe(snapshot);
  });

  it("unknown fields are rejected everywhere; server-managed fields are ignored", async () => {
    const res = await api.post("/api/studies", { ...exampleStudyInput(), owner: "me" });
    expectError(res, 400);
    expect(res.json.error.details).toEqual([{ path: "owner", message: "unknown field" }]);
    const nested = exampleStudyInput() as any;
    nested.tasks[0].steps[0].match.regex = ".*";
    expectError(await api.post("/api/studies", nested), 400);
    const ok = await api.post("/api/studies", { ...exampleStudyInput(), id: "st_mine", version: 99 });
    expect(ok.status).toBe(201);
    expect(ok.json.id).not.toBe("st_mine");
    expect(ok.json.version).toBe(1);
    expect((await api.del(`/api/studies/${ok.json.id}`)).status).toBe(202);
    await queue.drained();
    expect(await storedState()).toBe(snapshot);
  });

  it("oversized bodies → 413, wrong content types → 415", async () => {
    const huge = { ...exampleStudyInput(), description: "x".repeat(300 * 1024) };
    expectError(await api.post("/api/studies", huge), 413, "payload_too_large");
    // A body that lies about its length is cut off at the cap as it streams.
    const streamed = await app.request("/api/studies", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode(" ".repeat(10_000)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      expectError(
        await api.post("/api/studies", JSON.stringify(exampleStudyInput()), { "content-type": type }),
        415,
        "unsupported_media_type",
      );
    }
    expect(await storedState()).toBe(snapshot);
  });

  it("unknown ids → 404, malformed ids and path characters → 400", async () => {
    expectError(await api.get("/api/studies/st_00000000000000000000"), 404, "not_found");
    expectError(await api.patch("/api/studies/st_00000000000000000000", { name: "x" }), 404, "not_found");
    expectError(await api.del("/api/studies/st_00000000000000000000"), 404);
    expectError(await api.get("/api/sessions/se_00000000000000000000"), 404);
    expectError(await api.get("/api/sessions/se_00000000000000000000/events"), 404);
    expectError(
      await api.post("/api/sessions/se_00000000000000000000/annotations", { t: 1, tag: "bug", severity: 1 }),
      404,
    );
    expectError(await api.del("/api/annotations/an_00000000000000000000"), 404);
    for (const id of [
      "..%2F..%2Fetc%2Fpasswd",
      "st_%2E%2E",
      "st_0000000000000000000%2F",
      "x'%20OR%201=1",
      "se_00000000000000000000",
    ]) {
      expectError(await api.get(`/api/studies/${id}`), 400, "invalid_id");
      expectError(await api.del(`/api/studies/${id}`), 400, "invalid_id");
    }
    expectError(await api.get(`/api/sessions/${study.id}`), 400, "invalid_id");
    expectError(await api.get("/api/studies?limit=0"), 400);
    expectError(await api.get("/api/studies?limit=abc"), 400);
    expectError(await api.get("/api/studies?cursor=not-a-cursor"), 400, "invalid_cursor");
    expectError(await api.get("/api/nothing-here"), 404, "not_found");
    expect(await storedState()).toBe(snapshot);
  });

  it("a missing or wrong token → 401 on every reviewer route", async () => {
    const routes: [string, string][] = [
      ["GET", "/api/studies"],
      ["POST", "/api/studies"],
      ["GET", `/api/studies/${study.id}`],
      ["PATCH", `/api/studies/${study.id}`],
      ["DELETE", `/api/studies/${study.id}`],
      ["POST", `/api/studies/${study.id}/invites`],
      ["GET", `/api/studies/${study.id}/sessions`],
      ["GET", "/api/sessions/se_00000000000000000000/events"],
      ["DELETE", "/api/annotations/an_00000000000000000000"],
    ];
    for (const [method, path] of routes) {
      const variants: Record<string, string>[] = [
        {},
        { authorization: "Bearer wrong-token-123456789" },
        { authorization: ADMIN_TOKEN },
      ];
      for (const headers of variants) {
        const res = await app.request(path, {
          method,
          headers: { ...headers, "content-type": "application/json" },
          ...(method === "POST" || method === "PATCH" ? { body: JSON.stringify({ name: "hijack" }) } : {}),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(((await res.json()) as any).error.code).toBe("unauthorized");
      }
    }
    expect(await storedState()).toBe(snapshot);
  });

  it("wrong methods → 405 with Allow", async () => {
    const res = await api.send("PUT", `/api/studies/${study.id}`, exampleStudyInput());
    expectError(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("GET, PATCH, DELETE");
    expectError(await api.send("DELETE", "/api/studies"), 405);
    expect(await storedState()).toBe(snapshot);
  });

  it("recording chunks: malformed, oversized and gzip bombs are refused and nothing is indexed", async () => {
    const session = await seedSession(deps, study.id, [fakeEvents(1000, 2, true)]);
    const attempts: [Uint8Array, number, string][] = [
      [new TextEncoder().encode("not gzip"), 400, "malformed_chunk"],
      [gzipSync("{not json"), 400, "malformed_chunk"],
      [gzipSync("[]"), 400, "malformed_chunk"],
      [gzipSync(JSON.stringify([{ type: "x", timestamp: 1 }])), 400, "malformed_event"],
      [gzipSync(JSON.stringify({ type: 2, timestamp: 1 })), 400, "malformed_chunk"],
      [gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), 413, "chunk_too_large"], // a 64 MB bomb in ~64 KB
      [new Uint8Array(2 * 1024 * 1024), 413, "chunk_too_large"],
    ];
    for (const [body, status, code] of attempts) {
      await expect(storeChunk(deps, session, 1, body, new Date())).rejects.toMatchObject({ status, code });
    }
    await expect(
      storeChunk(deps, session, -1, gzipSync(JSON.stringify(fakeEvents(1, 1))), new Date()),
    ).rejects.toMatchObject({ status: 400 });
    expect((await deps.recordings.list(session.id)).map((c) => c.seq)).toEqual([0]);
  });
});
