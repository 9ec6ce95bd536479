import { describe, expect, it } from "vitest";
import {
  adjustedWald,
  mean,
  median,
  quantile,
  spread,
  susScore,
} from "../../../functions/src/domain/analysis/report-stats";

describe("report statistics, against hand-computed values", () => {
  it("adjusted-Wald 95 % intervals (as in Sauro & Lewis' calculator)", () => {
    // 4 of 5: p̂adj = (4 + 1.9208) / (5 + 3.8415) = 0.6697; margin 1.96·√(p̂(1−p̂)/8.8415) = 0.3100.
    const cases: [number, number, number, number][] = [
      [4, 5, 0.3596, 0.9797],
      [0, 3, 0, 0.6175],
      [10, 10, 0.6791, 1],
      [7, 12, 0.3189, 0.8074],
      [2, 4, 0.15, 0.85],
    ];
    for (const [x, n, low, high] of cases) {
      const r = adjustedWald(x, n);
      expect(r?.rate).toBeCloseTo(x / n, 10);
      expect(r?.low).toBeCloseTo(low, 4);
      expect(r?.high).toBeCloseTo(high, 4);
    }
    expect(adjustedWald(0, 0)).toBeUndefined();
  });

  it("SUS: odd items answer − 1, even items 5 − answer, × 2.5", () => {
    expect(susScore([5, 1, 5, 1, 5, 1, 5, 1, 5, 1])).toBe(100);
    expect(susScore([1, 5, 1, 5, 1, 5, 1, 5, 1, 5])).toBe(0);
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(50);
    // odd: 3+3+4+3+2 = 15, even: 3+4+3+3+3 = 16 → 31 × 2.5
    expect(susScore([4, 2, 4, 1, 5, 2, 4, 2, 3, 2])).toBe(77.5);
    expect(susScore([4, 2, 4])).toBeUndefined();
    expect(susScore([4, 2, 4, 1, 5, 2, 4, 2, 3, 6])).toBeUndefined();
    expect(susScore([4, 2, 4, 1, 5, 2, 4, 2, 3, 2.5])).toBeUndefined();
    expect(susScore(undefined)).toBeUndefined();
  });

  it("medians, quartiles (linear interpolation) and means", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(mean([6, 5, 2])).toBeCloseTo(13 / 3, 10);
    expect(mean([])).toBeUndefined();
    expect(spread([60_000, 90_000])).toEqual({
      n: 2,
      median: 75_000,
      q1: 67_500,
      q3: 82_500,
      min: 60_000,
      max: 90_000,
    });
    expect(spread([])).toBeUndefined();
  });
});
