import { describe, expect, it } from "vitest";
import { analyzeRecording } from "../../../functions/src/domain/analysis/analyze";
import { DEFAULT_THRESHOLDS } from "../../../functions/src/domain/thresholds";
import { fixtureStudy } from "../../fixtures/analysis-study";
import { scoreScenario } from "../../fixtures/evaluate-detection";
import { RECORDED } from "../../fixtures/events/index";

const study = fixtureStudy();

describe("detectors on scenarios recorded with Chromium", () => {
  it("has a labelled set of at least 30 scenarios covering every signal kind", () => {
    expect(RECORDED.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(RECORDED.flatMap((f) => f.truth.expected.map((e) => e.kind)));
    expect(kinds.size).toBe(8);
  });

  for (const fixture of RECORDED) {
    it(`${fixture.truth.name}: ${fixture.truth.description}`, () => {
      const { signals } = analyzeRecording(fixture.events, study, DEFAULT_THRESHOLDS);
      // Every expected signal at its time and target, and nothing else.
      expect(scoreScenario(fixture.truth, signals).problems).toEqual([]);
      for (const kind of fixture.truth.mustNot) expect(signals.filter((s) => s.kind === kind)).toEqual([]);
    });
  }
});
