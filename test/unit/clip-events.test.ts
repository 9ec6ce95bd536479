import { describe, expect, it } from "vitest";
import { chunksUpTo, sliceForClip, startChunkIndex } from "../../functions/src/domain/clip-events";
import { windowCounter } from "../../functions/src/http/rate-limit";

const ev = (type: number, timestamp: number) => ({ type, timestamp, data: {} });

describe("the events a clip needs", () => {
  const events = [
    ev(4, 100),
    ev(2, 101),
    ev(3, 150),
    ev(4, 200),
    ev(2, 201),
    ev(3, 250),
    ev(3, 300),
    ev(3, 400),
  ];

  it("starts at the meta and full snapshot before the start and stops at the end", () => {
    const slice = sliceForClip(events, 260, 300);
    expect(slice.events.map((e) => (e as { timestamp: number }).timestamp)).toEqual([200, 201, 250, 300]);
    expect(slice).toMatchObject({ startOffset: 60, endOffset: 100 });
  });

  it("takes the first snapshot when the clip starts before any, sorts, and skips junk", () => {
    const shuffled = [ev(3, 150), "junk", null, ev(2, 101), { type: "2" }, ev(4, 100)];
    const slice = sliceForClip(shuffled, 0, 120);
    expect(slice.events.map((e) => (e as { timestamp: number }).timestamp)).toEqual([100, 101]);
    expect(slice.startOffset).toBe(0);
    expect(sliceForClip([ev(3, 10)], 0, 100).events).toEqual([]);
  });

  it("reads chunks from the one holding the start, none after the end", () => {
    const refs = [{ firstTs: 100 }, { firstTs: 200 }, { firstTs: 300 }, { firstTs: 500 }];
    expect(chunksUpTo(refs, 350)).toHaveLength(3);
    expect(startChunkIndex(refs, 250)).toBe(1);
    expect(startChunkIndex(refs, 50)).toBe(0);
  });
});

describe("the share pages' rate limit", () => {
  it("allows max requests per window and key, then says when to retry", () => {
    let t = 0;
    const count = windowCounter({ max: 2, windowMs: 1000 }, () => t);
    expect(count("a").allowed).toBe(true);
    expect(count("a").allowed).toBe(true);
    t = 400;
    expect(count("a")).toEqual({ allowed: false, retryAfterSec: 1 });
    expect(count("b").allowed).toBe(true);
    t = 1000;
    expect(count("a").allowed).toBe(true);
  });

  it("stays bounded in the keys it keeps", () => {
    let t = 0;
    const count = windowCounter({ max: 1, windowMs: 1000 }, () => t, 3);
    for (const k of ["a", "b", "c"]) count(k);
    t = 2000;
    for (const k of ["d", "e", "f", "g"]) expect(count(k).allowed).toBe(true);
  });
});
