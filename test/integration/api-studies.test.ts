import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InProcessQueue } from "../../functions/src/adapters/in-process-queue";
import { createApp } from "../../functions/src/app";
import type { Deps, LogLine } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client, fakeEvents, seedSession } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

describe("researcher API: studies, invites, openapi", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: InProcessQueue;
  let logs: LogLine[];
  let api: ReturnType<typeof client>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue, logs } = testDeps(storage.config));
    app = createApp(deps);
    api = client(app);
  });
  afterAll(async () => storage?.stop());

  it("creates the DESIGN.md example study and reads it back unchanged", async () => {
    const created = await api.post("/api/studies", exampleStudyInput());
    expect(created.status).toBe(201);
    const study = created.json;
    expect(study.id).toMatch(/^st_[0-9A-Za-z]{20}$/);
    expect(created.headers.get("location")).toBe(`/api/studies/${study.id}`);
    expect(study).toMatchObject({ ...exampleStudyInput(), status: "draft", version: 1, tags: [] });
    expect(study.tasks[0].id).toMatch(/^tk_/);
    expect(study.tasks[0].steps.map((s: { id: string }) => s.id.slice(0, 3))).toEqual([
      "sp_",
      "sp_",
      "sp_",
      "sp_",
    ]);

    const read = await api.get(`/api/studies/${study.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(study);
    expect(read.headers.get("cache-control")).toBe("no-store");

    const list = await api.get("/api/studies");
    expect(list.json.items.map((s: { id: string }) => s.id)).toContain(study.id);
  });

  it("patches a study, keeping task and step ids the client sends back", async () => {
    const { json: study } = await api.post("/api/studies", exampleStudyInput());
    const tasks = study.tasks.map((t: { steps: unknown[] }) => ({ ...t, steps: t.steps.slice(0, 2) }));
    const res = await api.patch(`/api/studies/${study.id}`, {
      ...study,
      name: "Quote journey v2",
      status: "live",
      tasks,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "Quote journey v2", status: "live", version: 2 });
    expect(res.json.tasks[0].id).toBe(study.tasks[0].id);
    expect(res.json.tasks[0].steps.map((s: { id: string }) => s.id)).toEqual(
      study.tasks[0].steps.slice(0, 2).map((s: { id: string }) => s.id),
    );
    expect((await api.get(`/api/studies/${study.id}`)).json).toEqual(res.json);
  });

  it("refuses a patch that would make the study invalid and keeps the stored one", async () => {
    const { json: study } = await api.post("/api/studies", exampleStudyInput());
    const res = await api.patch(`/api/studies/${study.id}`, { origins: ["https://elsewhere.example"] });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { path: "tasks[0].startUrl", message: "must be on one of the study's origins" },
    ]);
    expect((await api.get(`/api/studies/${study.id}`)).json).toEqual(study);
  });

  it("creates single-use and open invite links; lists them with status, never with tokens", async () => {
    const { json: study } = await api.post("/api/studies", exampleStudyInput());
    const single = await api.post(`/api/studies/${study.id}/invites`, { count: 3, label: "Panel A" });
    expect(single.status).toBe(201);
    expect(single.json.invites).toHaveLength(3);
    for (const inv of single.json.invites) {
      expect(inv.url).toMatch(/^http:\/\/localhost:8787\/i\/[A-Za-z0-9_-]{43}$/);
      expect(inv).toMatchObject({ kind: "single", cap: 1, used: 0, status: "pending" });
      expect(inv.tokenHash).toBeUndefined();
    }
    expect(single.json.invites.map((i: { label: string }) => i.label)).toEqual([
      "Panel A 1",
      "Panel A 2",
      "Panel A 3",
    ]);
    const open = await api.post(`/api/studies/${study.id}/invites`, { open: true, cap: 25 });
    expect(open.status).toBe(201);
    expect(open.json.invites[0]).toMatchObject({ kind: "open", cap: 25, status: "pending" });

    const listed = await api.get(`/api/studies/${study.id}/invites`);
    expect(listed.status).toBe(200);
    expect(listed.json.items).toHaveLength(4);
    // Single-use links never again; the open link, meant to be shared, stays visible.
    expect(JSON.stringify(listed.json)).not.toMatch(/tokenHash/);
    for (const inv of single.json.invites) expect(JSON.stringify(listed.json)).not.toContain(inv.url);
    expect(listed.json.items.filter((i: { shareUrl?: string }) => i.shareUrl)).toEqual([
      expect.objectContaining({ kind: "open", shareUrl: open.json.invites[0].url }),
    ]);

    const bad = await api.post(`/api/studies/${study.id}/invites`, { open: true, cap: 0, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["cap", "extra"]);
  });

  it("refuses invites for a closed study", async () => {
    const { json: study } = await api.post("/api/studies", { ...exampleStudyInput(), status: "closed" });
    const res = await api.post(`/api/studies/${study.id}/invites`, { count: 1 });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("study_closed");
  });

  it("deletes a study with its invites, sessions, annotations and recordings", async () => {
    const { json: study } = await api.post("/api/studies", exampleStudyInput());
    await api.post(`/api/studies/${study.id}/invites`, { count: 2 });
    const session = await seedSession(deps, study.id, [fakeEvents(1000, 5, true), fakeEvents(2000, 5)]);
    const ann = await api.post(`/api/sessions/${session.id}/annotations`, {
      t: 100,
      tag: "bug",
      severity: 2,
    });
    expect(ann.status).toBe(201);
    const keys = (await deps.recordings.list(session.id)).map((c) => c.key);
    expect(keys).toHaveLength(2);

    const erasing = await api.del(`/api/studies/${study.id}`);
    expect(erasing.status).toBe(202);
    expect(erasing.json).toMatchObject({ kind: "erase-study", studyId: study.id, status: "queued" });
    await queue.drained();
    expect((await api.get(`/api/jobs/${erasing.json.id}`)).json).toMatchObject({
      status: "succeeded",
      result: { sessionsDeleted: 1 },
    });
    expect((await api.get(`/api/studies/${study.id}`)).status).toBe(404);
    expect(await deps.analyses.listSummaries(study.id)).toEqual([]);
    expect((await api.get(`/api/sessions/${session.id}`)).status).toBe(404);
    expect((await api.get(`/api/studies/${study.id}/invites`)).status).toBe(404);
    expect(await deps.invites.listByStudy(study.id, { limit: 10 })).toEqual({ items: [] });
    expect(await deps.annotations.get(ann.json.id)).toBeUndefined();
    for (const key of keys) expect(await deps.blobs.get(key)).toBeUndefined();
  });

  it("serves an OpenAPI document that lists exactly the routes the app serves", async () => {
    const doc = await app.request("/api/openapi.json");
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(body.openapi).toBe("3.1.0");
    const documented = Object.entries(body.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api"))
      .map((r) => `${r.method} ${r.path.replace(/\/$/, "").replace(/:(\w+)/g, "{$1}")}`);
    expect([...new Set(served)].sort()).toEqual(documented);
    expect(Object.keys(body.paths).length).toBeGreaterThan(8);
  });

  it("tells the reviewer how to sign in: the admin token locally, the hosted sign-in when deployed", async () => {
    const local = await app.request("/api/auth/config");
    expect(local.status).toBe(200);
    expect(await local.json()).toEqual({ cognito: null });
    const deployed = createApp({
      ...deps,
      publicUrl: "https://d111.cloudfront.net",
      signIn: { authBase: "https://fm-prod.auth.eu-west-1.amazoncognito.com/", clientId: "client-1" },
    });
    expect(await (await deployed.request("/api/auth/config")).json()).toEqual({
      cognito: {
        authBase: "https://fm-prod.auth.eu-west-1.amazoncognito.com",
        clientId: "client-1",
        redirectUri: "https://d111.cloudfront.net/auth/callback",
      },
    });
  });

  it("answers health without a token, puts a request id on every response and logs it", async () => {
    const health = await app.request("/api/health");
    expect(health.status).toBe(200);
    const id = health.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const given = await app.request("/api/health", { headers: { "x-request-id": "trace-abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-abc-123");
    const line = logs.find((l) => l.requestId === "trace-abc-123");
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      path: "/api/health",
      status: 200,
    });
    expect(typeof line?.ms).toBe("number");
  });
});
