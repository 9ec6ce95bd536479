import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { compileUrlPattern } from "@frictionmap/protocol";
import { describe, expect, it } from "vitest";
import type { Batch } from "../../../recorder/src/batcher";
import { Batcher, sequencer } from "../../../recorder/src/batcher";
import { Transport } from "../../../recorder/src/transport";

describe("batcher", () => {
  it("seals a batch when the size cap is reached, as one JSON array", () => {
    let seq = 0;
    const b = new Batcher(100, () => seq++);
    expect(b.add({ type: 3, timestamp: 1, data: "x".repeat(30) })).toBeUndefined();
    const full = b.add({ type: 3, timestamp: 2, data: "y".repeat(60) });
    expect(full?.seq).toBe(0);
    expect(JSON.parse(full?.json ?? "")).toHaveLength(2);
    expect(b.count).toBe(0);
    expect(b.seal()).toBeUndefined();
  });

  it("hands out sequence numbers that only grow, also when the clock stands still or goes back", () => {
    let last = -1;
    let clock = 1000;
    const next = sequencer(
      1000,
      () => last,
      (s) => {
        last = s;
      },
      () => clock,
    );
    expect(next()).toBe(0);
    expect(next()).toBe(1);
    clock = 1500;
    expect(next()).toBe(500);
    clock = 1200; // a clock step back
    expect(next()).toBe(501);
  });
});

describe("url match rules, as the recorder uses them", () => {
  it.each([
    ["/", "http://a.test/", true],
    ["/", "http://a.test/services", false],
    ["/services*", "http://a.test/services", true],
    ["/services*", "http://a.test/services/web?x=1", true],
    ["/thanks*", "http://a.test/thank", false],
    ["/pricing/business", "http://a.test/pricing/business/", true],
    ["/pricing?plan=*", "http://a.test/pricing?plan=team", true],
    ["/pricing?plan=*", "http://a.test/pricing", false],
    ["*/checkout", "http://a.test/shop/eu/checkout", true],
    ["/a.b", "http://a.test/aXb", false],
  ])("%s ~ %s → %s", (pattern, href, expected) => {
    expect(compileUrlPattern(pattern)(href)).toBe(expected);
  });
});

describe("transport", () => {
  const endpoint = { api: "http://api.test", sessionId: "se_x", token: "t" };
  const memory = () => {
    let saved: Batch[] = [];
    return {
      load: () => saved,
      save: (b: Batch[]) => {
        saved = [...b];
      },
      get: () => saved,
    };
  };
  const batch = (seq: number): Batch => ({ seq, json: `[{"type":3,"timestamp":${seq}}]`, count: 1 });

  it("sends in order, keeps a batch until it is acknowledged, and retries failures", async () => {
    const store = memory();
    const statuses = [503, 201, 201];
    const sent: string[] = [];
    const fetchFn = (async (url: string) => {
      sent.push(url);
      return new Response(null, { status: statuses.shift() ?? 201 });
    }) as unknown as typeof fetch;
    const t = new Transport(endpoint, store, () => {}, fetchFn);
    t.enqueue(batch(1));
    t.enqueue(batch(2));
    expect(store.get().map((b) => b.seq)).toEqual([1, 2]);
    await t.whenDrained();
    expect(sent.map((u) => u.split("/").pop())).toEqual(["1", "1", "2"]);
    expect(store.get()).toEqual([]);
  });

  it("drops a chunk the API refuses for good, and stops when the session is gone", async () => {
    const store = memory();
    let gone = false;
    const statuses = [400, 404];
    const fetchFn = (async () =>
      new Response(null, { status: statuses.shift() ?? 201 })) as unknown as typeof fetch;
    const t = new Transport(
      endpoint,
      store,
      () => {
        gone = true;
      },
      fetchFn,
    );
    t.enqueue(batch(1));
    t.enqueue(batch(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(gone).toBe(true);
    expect(store.get().map((b) => b.seq)).toEqual([2]);
  });

  it("resends what a previous page left pending", async () => {
    const store = memory();
    store.save([batch(7)]);
    const sent: string[] = [];
    const fetchFn = (async (url: string) => {
      sent.push(url);
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    const t = new Transport(endpoint, store, () => {}, fetchFn);
    await t.pump();
    expect(sent).toEqual(["http://api.test/api/ingest/sessions/se_x/chunks/7"]);
  });
});

describe("recorder.js", () => {
  // 30 KiB until the panel became parts (reducer, view, SUS layout for phones, own-UI filter):
  // 32 KiB with them; 36 with what capture must add (URL sanitizing, typed-value scrubbing,
  // click facts, early capture).
  it("stays under its byte budget: 36 KiB gzipped", () => {
    execFileSync("npm", ["run", "--silent", "build:recorder"], { stdio: "ignore" });
    const gz = gzipSync(readFileSync("dist/recorder/recorder.js"), { level: 9 }).byteLength;
    expect(gz).toBeLessThanOrEqual(36 * 1024);
  });
});
