import { describe, expect, it } from "vitest";
import { analyzeRecording } from "../../../functions/src/domain/analysis/analyze";
import { fixtureStudy } from "../../fixtures/analysis-study";
import { at, ev } from "./build-events";

/** What the fuzz found: values a recording may carry that storage cannot hold. */
describe("analysis of hostile values", () => {
  const study = fixtureStudy();
  const rage = (o: { x?: number; selector?: string }) => [
    ev.meta(0, "http://127.0.0.1/"),
    ...[100, 300, 500].map((t) => ev.click(t, o.selector ?? "#buy", { x: o.x ?? 10, y: 10 })),
  ];

  it("skips clicks at coordinates no screen has (1e300, -1e20)", () => {
    expect(analyzeRecording(rage({ x: 1e300 }), study).signals).toEqual([]);
    expect(analyzeRecording(rage({ x: -1e20 }), study).signals).toEqual([]);
    expect(analyzeRecording(rage({ x: 10 }), study).signals.map((s) => s.kind)).toContain("rage_click");
  });

  it("cuts huge selectors, so a signal stays a small item", () => {
    const { signals } = analyzeRecording(rage({ selector: `#${"a".repeat(300_000)}` }), study);
    expect(signals.length).toBeGreaterThan(0);
    for (const s of signals) expect(JSON.stringify(s).length).toBeLessThan(10_000);
  });
});

describe("a recording with a gap the recorder reported (fm:dropped)", () => {
  it("is analysed as the same recording without the note: one more event, nothing else changes", () => {
    const study = fixtureStudy();
    const events = [
      ev.meta(0, "http://127.0.0.1/"),
      ...[100, 300, 500].map((t) => ev.click(t, "#buy", { x: 10, y: 10 })),
    ];
    const dropped = {
      type: 5,
      timestamp: at(400),
      data: { tag: "fm:dropped", payload: { chunks: 3, events: 1200, bytes: 480_000 } },
    };
    const withNote = [...events.slice(0, 3), dropped, ...events.slice(3)];
    const plain = analyzeRecording(events, study);
    expect(analyzeRecording(withNote, study)).toEqual({ ...plain, eventCount: plain.eventCount + 1 });
  });
});
