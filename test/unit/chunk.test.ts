import { describe, expect, it } from "vitest";
import {
  CHUNK_LIMITS,
  checkChunk,
  eventProblem,
  ingestWindow,
  nestsDeeperThan,
  parseChunk,
  readableEvents,
} from "../../functions/src/domain/chunk";

const CONSENT = "2031-06-01T10:00:00.000Z";
const NOW = new Date("2031-06-01T10:30:00.000Z");
const window = ingestWindow(CONSENT, NOW);
const t = Date.parse(CONSENT) + 5_000;
const ev = (over: Record<string, unknown> = {}) => ({ type: 3, timestamp: t, data: { source: 1 }, ...over });
const json = (v: unknown) => JSON.stringify(v);
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const problemOf = (text: string) => {
  const v = checkChunk(text, window);
  return v.ok ? undefined : v.problem;
};

describe("the ingest window", () => {
  it("runs from consent − 1 h to now + 1 h, both ends included", () => {
    expect(window).toEqual({
      fromMs: Date.parse("2031-06-01T09:00:00.000Z"),
      toMs: Date.parse("2031-06-01T11:30:00.000Z"),
    });
    expect(eventProblem(ev({ timestamp: window.fromMs }), window)).toBeUndefined();
    expect(eventProblem(ev({ timestamp: window.toMs }), window)).toBeUndefined();
    expect(eventProblem(ev({ timestamp: window.fromMs - 1 }), window)).toMatch(/outside the session/);
    expect(eventProblem(ev({ timestamp: window.toMs + 1 }), window)).toMatch(/outside the session/);
  });

  it("falls back to now when the consent time does not parse", () => {
    expect(ingestWindow("not a date", NOW).fromMs).toBe(NOW.getTime() - 3_600_000);
  });
});

describe("nesting depth, by one scan of the text", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan(json([{ a: [{ b: 1 }] }]), 4)).toBe(false);
    expect(nestsDeeperThan(json([{ a: [{ b: 1 }] }]), 3)).toBe(true);
    expect(nestsDeeperThan(json(["[[[[[[", '{"x":"\\"[[[["}']), 1)).toBe(false);
  });

  it("stops at the limit even for text too deep for JSON.parse", () => {
    expect(nestsDeeperThan(nested(1_000_000), CHUNK_LIMITS.maxDepth)).toBe(true);
  });
});

describe("checkChunk: the ingest rule", () => {
  it("accepts rrweb events inside the window and summarizes them", () => {
    const v = checkChunk(json([ev(), ev({ type: 5, timestamp: t + 40 }), ev({ timestamp: t - 10 })]), window);
    expect(v).toMatchObject({ ok: true, summary: { eventCount: 3, firstTs: t - 10, lastTs: t + 40 } });
  });

  it("accepts nesting up to the limit and refuses deeper, before parsing", () => {
    const deep = (d: number) => json([ev({ data: JSON.parse(nested(d - 2)) })]);
    expect(checkChunk(deep(CHUNK_LIMITS.maxDepth), window).ok).toBe(true);
    expect(problemOf(deep(CHUNK_LIMITS.maxDepth + 1))).toMatchObject({ status: 400, code: "chunk_too_deep" });
    expect(problemOf(nested(200_000))).toMatchObject({ code: "chunk_too_deep" });
  });

  it("refuses what is not a non-empty JSON array", () => {
    for (const text of ["", "{not json", "[]", "{}", '"x"', "7", "null", json(ev())]) {
      expect(problemOf(text)).toMatchObject({ status: 400, code: "malformed_chunk" });
    }
  });

  it("refuses events that are not objects with whole-number type 0–6 and timestamp", () => {
    const bad = [
      null,
      7,
      "event",
      [ev()],
      { timestamp: t },
      ev({ type: "3" }),
      ev({ type: 3.5 }),
      ev({ type: 7 }),
      ev({ type: -1 }),
      ev({ timestamp: undefined }),
      ev({ timestamp: String(t) }),
      ev({ timestamp: t + 0.5 }),
      ev({ timestamp: -1e20 }),
      ev({ timestamp: 1e300 }),
    ];
    for (const e of bad) {
      const p = problemOf(json([ev(), e]));
      expect(p, json(e)).toMatchObject({ status: 400, code: "malformed_event" });
      expect(p?.details?.[0]?.path).toBe("[1]");
    }
  });

  it("refuses events outside the session's window with a code of its own, naming at most five", () => {
    const early = Array.from({ length: 9 }, (_, i) => ev({ timestamp: 1000 + i }));
    const p = problemOf(json([ev(), ...early]));
    expect(p).toMatchObject({ status: 400, code: "event_time_out_of_range" });
    expect(p?.details?.map((d) => d.path)).toEqual(["[1]", "[2]", "[3]", "[4]", "[5]"]);
    // A chunk with both kinds of problem is a malformed one.
    expect(problemOf(json([ev({ timestamp: 5 }), ev({ type: 9 })]))?.code).toBe("malformed_event");
  });

  it("refuses more events than a chunk may hold with 413", () => {
    const many = json(Array.from({ length: CHUNK_LIMITS.events + 1 }, () => ev()));
    expect(problemOf(many)).toMatchObject({ status: 413, code: "chunk_too_large" });
  });

  it("parseChunk throws the refusal as an API error", () => {
    expect(() => parseChunk(json([ev({ timestamp: -1e20 })]), window)).toThrow(
      expect.objectContaining({ status: 400, code: "malformed_event" }),
    );
    expect(parseChunk(json([ev()]), window).summary.eventCount).toBe(1);
  });
});

describe("readableEvents: what replay and analysis read of a stored chunk", () => {
  it("keeps the good events of a chunk stored before the rule, in order", () => {
    const stored = json([
      ev(),
      { type: "x" },
      ev({ timestamp: -1e20 }),
      ev({ timestamp: 12 }),
      ev({ type: 4 }),
    ]);
    expect(readableEvents(stored, window)).toEqual({ events: [ev(), ev({ type: 4 })], dropped: 3 });
  });

  it("yields nothing, and says why, for text that is not a readable array", () => {
    expect(readableEvents(nested(100_000), window)).toEqual({
      events: [],
      dropped: 0,
      unreadable: "chunk_too_deep",
    });
    expect(readableEvents("{x", window).unreadable).toBe("malformed_chunk");
    expect(readableEvents(json({ events: [ev()] }), window).unreadable).toBe("malformed_chunk");
  });
});
