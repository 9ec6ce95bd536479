import type { z } from "zod";
import { int, num, optional, record } from "./validation";

/**
 * Friction signal thresholds (DESIGN.md "Friction signals", v1 defaults). A study may
 * override any of them; detection reads the merged result.
 */
export const DEFAULT_THRESHOLDS = {
  rageClick: { minClicks: 3, maxIntervalMs: 1000, maxDistancePx: 30 },
  deadClick: { mutationWindowMs: 2500, scrollWindowMs: 300 },
  errorClick: { windowMs: 1000 },
  uTurn: { windowMs: 10_000 },
  thrashedCursor: { minDirectionChanges: 5, windowMs: 1000, minSpeedPxPerS: 500 },
  hesitation: { idleMs: 10_000 },
};

export type Thresholds = typeof DEFAULT_THRESHOLDS;

const ms = (max: number) => optional(int({ min: 0, max }));

export const thresholdsSchema = record(
  {
    rageClick: optional(
      record({
        minClicks: optional(int({ min: 2, max: 20 })),
        maxIntervalMs: ms(10_000),
        maxDistancePx: optional(int({ min: 1, max: 500 })),
      }),
    ),
    deadClick: optional(record({ mutationWindowMs: ms(30_000), scrollWindowMs: ms(10_000) })),
    errorClick: optional(record({ windowMs: ms(30_000) })),
    uTurn: optional(record({ windowMs: ms(600_000) })),
    thrashedCursor: optional(
      record({
        minDirectionChanges: optional(int({ min: 2, max: 100 })),
        windowMs: ms(10_000),
        minSpeedPxPerS: optional(num({ min: 0, max: 100_000 })),
      }),
    ),
    hesitation: optional(record({ idleMs: ms(3_600_000) })),
  },
  { description: "Per-study overrides of the friction detectors' thresholds." },
);

export type ThresholdOverrides = z.output<typeof thresholdsSchema>;

/** The defaults with a study's overrides laid over them. */
export function resolveThresholds(overrides: ThresholdOverrides | undefined): Thresholds {
  const o = overrides ?? {};
  return {
    rageClick: { ...DEFAULT_THRESHOLDS.rageClick, ...o.rageClick },
    deadClick: { ...DEFAULT_THRESHOLDS.deadClick, ...o.deadClick },
    errorClick: { ...DEFAULT_THRESHOLDS.errorClick, ...o.errorClick },
    uTurn: { ...DEFAULT_THRESHOLDS.uTurn, ...o.uTurn },
    thrashedCursor: { ...DEFAULT_THRESHOLDS.thrashedCursor, ...o.thrashedCursor },
    hesitation: { ...DEFAULT_THRESHOLDS.hesitation, ...o.hesitation },
  };
}
