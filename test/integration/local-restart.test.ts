import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { exampleStudyInput } from "../fixtures/studies";
import { fakeEvents } from "../setup/api";
import { npmStart, type RunningPlatform } from "../setup/local-process";
import { freePort, tempDir } from "../setup/storage";

// npm start builds and starts the whole platform, twice per case: slow on a busy machine.
describe("npm start: local platform on embedded storage", { timeout: 180_000 }, () => {
  const dir = tempDir("fm-local-");
  const running: RunningPlatform[] = [];
  afterAll(async () => {
    for (const p of running) await p.stop();
    dir.remove();
  });

  it("keeps every study across a restart (Ctrl-C, start again)", async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DEMO_PORT: String(await freePort()),
      FRICTIONMAP_DATA_DIR: dir.path,
      FRICTIONMAP_ADMIN_TOKEN: "restart-test-token-0123456789",
    };
    const auth = { authorization: `Bearer ${env.FRICTIONMAP_ADMIN_TOKEN}` };
    const base = `http://127.0.0.1:${port}`;

    const first = await npmStart(env);
    running.push(first);
    expect(first.output()).toContain(`Reviewer:    http://localhost:${port}/`);
    expect(first.output()).toContain(`Admin token: ${env.FRICTIONMAP_ADMIN_TOKEN}`);
    const created = await fetch(`${base}/api/studies`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(exampleStudyInput()),
    });
    expect(created.status).toBe(201);
    const study = (await created.json()) as { id: string };
    const before = await (await fetch(`${base}/api/studies/${study.id}`, { headers: auth })).json();
    // The sign-in page's hint: the token was given, so no file holds it.
    const config = await (await fetch(`${base}/api/auth/config`)).json();
    expect(config).toEqual({ cognito: null, localAdminToken: { file: null } });

    const { code, signal } = await first.stop();
    running.pop();
    // npm itself may die of the SIGINT; the platform below it must have stopped cleanly.
    expect(code === 0 || signal === "SIGINT").toBe(true);
    expect(first.output()).toContain("Stopped.");
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();

    const second = await npmStart(env);
    running.push(second);
    const after = await fetch(`${base}/api/studies/${study.id}`, { headers: auth });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(before);
  });

  it("generates an admin token when none is set, and keeps it across restarts", async () => {
    const env = {
      PORT: String(await freePort()),
      FRICTIONMAP_DATA_DIR: `${dir.path}/gen`,
      FRICTIONMAP_ADMIN_TOKEN: "",
    };
    const tokenOf = (out: string) => /Admin token: (\S+)/.exec(out)?.[1];
    const a = await npmStart(env);
    running.push(a);
    const token = tokenOf(a.output());
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const res = await fetch(`http://127.0.0.1:${env.PORT}/api/studies`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    // The sign-in page names the file in this data dir, not a fixed .data/admin-token.
    const config = await (await fetch(`http://127.0.0.1:${env.PORT}/api/auth/config`)).json();
    expect(config.localAdminToken).toEqual({ file: `${env.FRICTIONMAP_DATA_DIR}/admin-token` });
    await a.stop();
    running.pop();
    const b = await npmStart(env);
    running.push(b);
    expect(tokenOf(b.output())).toBe(token);
  });

  it("runs after a restart the jobs that were queued when it stopped (the queue's journal)", async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DEMO_PORT: String(await freePort()),
      FRICTIONMAP_DATA_DIR: `${dir.path}/jobs`,
      FRICTIONMAP_ADMIN_TOKEN: "restart-test-token-0123456789",
    };
    const base = `http://127.0.0.1:${port}`;
    const reviewer = (path: string, body?: unknown) =>
      fetch(`${base}/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: {
          authorization: `Bearer ${env.FRICTIONMAP_ADMIN_TOKEN}`,
          "content-type": "application/json",
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

    const first = await npmStart(env);
    running.push(first);
    const study = await reviewer("/studies", { ...exampleStudyInput(), status: "live" });
    expect(study.status).toBe(201);
    const invites = await reviewer(`/studies/${study.json.id}/invites`, { count: 1 });
    const token = String(invites.json.invites[0].url).split("/i/")[1];
    const accepted = await fetch(`${base}/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    const session = (await accepted.json()) as { sessionId: string; sessionToken: string };
    // A chunk asks for the session's analysis, debounced: it is queued, not run, when we stop.
    const chunk = await fetch(`${base}/api/ingest/sessions/${session.sessionId}/chunks/0`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${session.sessionToken}`,
        origin: "http://localhost:8788",
        "content-type": "application/gzip",
      },
      body: gzipSync(JSON.stringify(fakeEvents(1000, 5, true))),
    });
    expect(chunk.status).toBe(201);
    await first.stop();
    running.pop();
    const journal = `${env.FRICTIONMAP_DATA_DIR}/jobs.jsonl`;
    expect(existsSync(journal)).toBe(true);
    expect(readFileSync(journal, "utf8")).toContain(session.sessionId);

    const second = await npmStart(env);
    running.push(second);
    expect(second.output()).toMatch(/"msg":"queued jobs recovered","count":[1-9]/);
    expect((await reviewer(`/sessions/${session.sessionId}`)).json.analyzedAt).toBeUndefined();
    // The recovered job runs at its due time (the debounce after the chunk): the session is analysed.
    const deadline = Date.now() + 90_000;
    let analyzedAt: string | undefined;
    while (!analyzedAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      analyzedAt = (await reviewer(`/sessions/${session.sessionId}`)).json.analyzedAt;
    }
    expect(analyzedAt).toEqual(expect.any(String));
  });
});
