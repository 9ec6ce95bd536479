import { describe, expect, it } from "vitest";
import type { Attempt, StepVisit } from "../../../functions/src/domain/session";
import { stepAt as apiStepAt } from "../../../functions/src/domain/session";
import { createStudy, studyInputSchema } from "../../../functions/src/domain/study";
import { parseWith } from "../../../functions/src/domain/validation";
import { layoutMarkers, segments, stepAt, taskSpans } from "../../../web/src/replay/timeline-math";
import { exampleStudyInput } from "../../fixtures/studies";

const parsed = parseWith(studyInputSchema, exampleStudyInput());
if (!parsed.ok) throw new Error("fixture study is invalid");
const study = createStudy(parsed.value, new Date("2030-01-01T00:00:00Z"));
const task = study.tasks[0];
if (!task) throw new Error("no task");
const [home, services, contact, sent] = task.steps.map((s) => s.id) as [string, string, string, string];
const visit = (stepId: string, enteredAt: number, leftAt: number): StepVisit => ({
  taskId: task.id,
  stepId,
  enteredAt,
  leftAt,
});
const visits = [
  visit(home, 0, 10_000),
  visit(services, 10_000, 25_000),
  visit(contact, 25_000, 60_000),
  visit(sent, 58_000, 60_000),
];

describe("time → step", () => {
  it("finds the step holding t, the later-entered one where visits overlap, as the API does", () => {
    for (const t of [0, 9_999, 10_000, 24_999, 30_000, 57_999, 58_000, 59_999, 60_000, 70_000, -5]) {
      expect(stepAt(visits, t)?.stepId, `t=${t}`).toBe(apiStepAt(visits, t)?.stepId);
    }
    expect(stepAt(visits, 10_000)?.stepId).toBe(services);
    expect(stepAt(visits, 59_000)?.stepId).toBe(sent);
    expect(stepAt(visits, 60_000)).toBeUndefined();
    expect(stepAt([], 5)).toBeUndefined();
  });
});

describe("segments", () => {
  it("are proportional, labelled, in order, and never overlap or leave the track", () => {
    const segs = segments(visits, study, 80_000);
    expect(segs.map((s) => s.label)).toEqual(["Home", "Services", "Contact", "Sent"]);
    expect(segs[0]).toMatchObject({ left: 0, width: 12.5, stage: "awareness" });
    expect(segs[1]?.width).toBeCloseTo(18.75);
    // Contact is cut where Sent starts.
    expect(segs[2]).toMatchObject({ start: 25_000, end: 58_000 });
    for (let i = 1; i < segs.length; i++) {
      const prev = segs[i - 1];
      const cur = segs[i];
      if (!prev || !cur) throw new Error("missing");
      expect(cur.left).toBeGreaterThanOrEqual(prev.left + prev.width - 1e-9);
    }
    const total = segs.reduce((n, s) => n + s.width, 0);
    expect(total).toBeCloseTo(75);
  });

  it("clamps visits past the end and drops empty ones; no duration gives no segments", () => {
    const segs = segments(
      [visit(home, 0, 5_000), visit(services, 5_000, 99_000), visit(contact, 120_000, 130_000)],
      study,
      50_000,
    );
    expect(segs).toHaveLength(2);
    expect((segs[1]?.left ?? 0) + (segs[1]?.width ?? 0)).toBeCloseTo(100);
    expect(segments(visits, study, 0)).toEqual([]);
    expect(segments([visit("st_unknown", 0, 10)], undefined, 100)[0]?.label).toBe("Unknown step");
  });
});

describe("marker layout", () => {
  const items = (ts: number[]) => ts.map((t, i) => ({ t, id: `m${i}` }));

  it("puts close markers on separate lanes so that none overlaps another", () => {
    const size = 12;
    const gap = 2;
    const laid = layoutMarkers(items([1000, 1100, 1200, 5000, 50_000, 50_050]), 100_000, 1000, {
      size,
      gap,
      lanes: 3,
    });
    expect(laid.map((c) => c.lane)).toEqual([0, 1, 2, 0, 0, 1]);
    for (const a of laid) {
      for (const b of laid) {
        if (a === b || a.lane !== b.lane) continue;
        expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(size + gap);
      }
    }
  });

  it("folds what does not fit into a counted cluster, and keeps markers inside the track", () => {
    const laid = layoutMarkers(items([0, 10, 20, 30, 40, 100_000]), 100_000, 500, { size: 12, lanes: 2 });
    expect(laid).toHaveLength(3);
    expect(laid[1]?.items.map((m) => m.t)).toEqual([10, 20, 30, 40]);
    expect(laid.reduce((n, c) => n + c.items.length, 0)).toBe(6);
    for (const c of laid) {
      expect(c.x).toBeGreaterThanOrEqual(6);
      expect(c.x).toBeLessThanOrEqual(494);
    }
  });

  const MARKER_STEP = 12 + 2; // default marker size plus gap, in px
  it("lays out thousands of markers, each exactly once, in clusters that do not overlap", () => {
    const many = items(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 1_800_000));
    const laid = layoutMarkers(many, 1_800_000, 1200);
    expect(laid.reduce((n, c) => n + c.items.length, 0)).toBe(20_000);
    expect(laid.length).toBeLessThan(1200); // folded into clusters a timeline can show
    const byLane = new Map<number, number[]>();
    for (const c of laid) byLane.set(c.lane, [...(byLane.get(c.lane) ?? []), c.x]);
    for (const xs of byLane.values()) {
      xs.sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++)
        expect((xs[i] ?? 0) - (xs[i - 1] ?? 0)).toBeGreaterThanOrEqual(MARKER_STEP);
    }
  });
});

describe("task bands", () => {
  it("run from an attempt's analysed start to its end, to the recording's end while running", () => {
    const attempt = (taskId: string, taskIndex: number, startT?: number, endT?: number): Attempt => ({
      taskId,
      taskIndex,
      startedAt: "",
      ...(startT !== undefined ? { startT } : {}),
      ...(endT !== undefined ? { endT } : {}),
      ...(endT !== undefined ? { outcome: "gave_up" as const } : {}),
    });
    const segs = segments(visits, study, 80_000);
    const spans = taskSpans([attempt(task.id, 0, 2_000, 61_000), attempt("t2", 1, 70_000)], segs, 80_000);
    expect(spans).toMatchObject([
      { taskId: task.id, start: 2_000, end: 61_000, left: 2.5, outcome: "gave_up" },
      { taskId: "t2", start: 70_000, end: 80_000, width: 12.5 },
    ]);
    // Not analysed yet: the band spans the task's step segments.
    expect(taskSpans([attempt(task.id, 0)], segs, 80_000)).toMatchObject([
      { taskId: task.id, start: 0, end: 60_000 },
    ]);
  });
});
