import { gzipSync } from "node:zlib";
import type { createApp } from "../../functions/src/app";
import { startSession } from "../../functions/src/domain/session";
import type { Deps } from "../../functions/src/ports";
import { storeChunk } from "../../functions/src/services/recording";
import { AUTH } from "./storage";

export type TestApp = ReturnType<typeof createApp>;

/** Small helpers over app.request(): no HTTP server needed. */
export function client(app: TestApp) {
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...AUTH, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    send,
    get: (path: string, headers?: Record<string, string>) => send("GET", path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      send("POST", path, body, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) =>
      send("PATCH", path, body, headers),
    del: (path: string) => send("DELETE", path),
  };
}

/** The earliest event time of some chunks, if any. */
const earliest = (chunks: unknown[][]) => {
  const times = chunks.flat().map((e) => (e as { timestamp?: unknown }).timestamp);
  const ms = times.filter((t): t is number => typeof t === "number");
  return ms.length ? Math.min(...ms) : undefined;
};

/**
 * A session as the ingest path would leave it: chunks stored through storeChunk. Consent
 * is dated at the first event, so recordings made earlier (the fixtures) fit its window.
 */
export async function seedSession(deps: Deps, studyId: string, chunks: unknown[][], label = "P1") {
  const session = startSession({
    studyId,
    inviteId: "iv_00000000000000000000",
    participantLabel: label,
    consent: { acceptedAt: new Date(earliest(chunks) ?? Date.now()).toISOString(), textVersion: "v1" },
    tokenHash: "0".repeat(64),
    now: new Date(),
  });
  await deps.sessions.create(session);
  for (const [seq, events] of chunks.entries()) {
    await storeChunk(deps, session, seq, gzipSync(JSON.stringify(events)), new Date());
  }
  return session;
}

/** Epoch ms the fake events count from: shortly before the tests run, so inside the
 * window of any session consented during them. */
export const T0 = Date.now() - 10 * 60_000;

/** rrweb-shaped events `start` ms after T0: a full snapshot first, then n incremental ones. */
export function fakeEvents(from: number, n: number, withSnapshot = false): unknown[] {
  const start = T0 + from;
  const out: unknown[] = [];
  if (withSnapshot) {
    out.push({
      type: 4,
      timestamp: start,
      data: { href: "http://localhost:8788/", width: 1280, height: 800 },
    });
    out.push({ type: 2, timestamp: start + 1, data: { node: { type: 0, childNodes: [], id: 1 } } });
  }
  for (let i = 0; i < n; i++) {
    out.push({
      type: 3,
      timestamp: start + 10 + i * 10,
      data: { source: 1, positions: [{ x: i, y: i, id: 1, timeOffset: 0 }] },
    });
  }
  return out;
}

/**
 * The study's stored journey map once the worker has caught up with every change: waits for
 * the queue to drain, then reads it (202 until the first build, `rebuilding` while one runs).
 */
export async function builtReport(
  api: ReturnType<typeof client>,
  queue: { drained(): Promise<void> },
  studyId: string,
) {
  for (let tries = 0; tries < 100; tries++) {
    await queue.drained();
    const res = await api.get(`/api/studies/${studyId}/report`);
    if (res.status !== 200 && res.status !== 202) return res;
    if (res.status === 200 && !res.json.freshness.rebuilding) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the report of ${studyId} was not built`);
}

/**
 * Over HTTP (the e2e platforms, whose worker runs with its real debounce): polls the study's
 * stored journey map until it is built, no rebuild is pending and `until` holds.
 */
export async function builtReportOver(
  baseUrl: string,
  token: string,
  studyId: string,
  opts: { until?: (report: any) => boolean; timeoutMs?: number } = {},
): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const res = await fetch(`${baseUrl}/api/studies/${studyId}/report`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = res.status === 200 || res.status === 202 ? await res.json() : undefined;
    if (res.status !== 200 && res.status !== 202) return { status: res.status, body };
    const ready = res.status === 200 && !body.freshness.rebuilding && (opts.until?.(body) ?? true);
    if (ready) return { status: res.status, body };
    if (Date.now() > deadline) throw new Error(`the report of ${studyId} was not built in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
