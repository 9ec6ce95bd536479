import { FM_TAG } from "@frictionmap/protocol";
import { describe, expect, it } from "vitest";
import { analyzeRecording } from "../../../functions/src/domain/analysis/analyze";
import { stepClickMap } from "../../../functions/src/domain/analysis/click-map-view";
import { sessionJourney } from "../../../functions/src/domain/analysis/session-journey";
import { startSession } from "../../../functions/src/domain/session";
import { createStudy, studyInputSchema } from "../../../functions/src/domain/study";
import { parseWith } from "../../../functions/src/domain/validation";
import { demoStudyInput } from "../../../functions/src/local/seed-demo";

const parsed = parseWith(studyInputSchema, demoStudyInput("http://localhost:8788"));
if (!parsed.ok) throw new Error("demo study");
const study = createStudy(parsed.value, new Date());
const task = study.tasks[0];
if (!task) throw new Error("demo task");
const pricing = task.steps.find((s) => s.name === "Pricing");
if (!pricing) throw new Error("pricing step");

const T0 = 1_760_000_000_000;
const custom = (t: number, tag: string, payload: Record<string, unknown>) => ({
  type: 5,
  timestamp: T0 + t,
  data: { tag, payload },
});
const compare = (t: number, x: number, y: number, extra: Record<string, unknown> = {}) =>
  custom(t, FM_TAG.click, {
    selector: "#compare",
    tag: "button",
    interactive: true,
    x,
    y,
    node: 43,
    path: "body:1>main:1>p:3>button:0",
    box: [180, 400, 140, 40],
    vw: 1280,
    vh: 800,
    ...extra,
  });

/** A participant on the pricing page: one plain click, a rage burst, a click that throws. */
function recording(width: number) {
  return [
    { type: 4, timestamp: T0, data: { href: "http://localhost:8788/", width, height: 800 } },
    { type: 2, timestamp: T0 + 1, data: { node: { type: 0, childNodes: [], id: 1 } } },
    custom(100, FM_TAG.task, { action: "start", taskIndex: 0, taskId: task?.id }),
    custom(200, FM_TAG.nav, { href: "http://localhost:8788/pricing" }),
    { type: 4, timestamp: T0 + 210, data: { href: "http://localhost:8788/pricing", width, height: 800 } },
    { type: 2, timestamp: T0 + 211, data: { node: { type: 0, childNodes: [], id: 1 } } },
    compare(1000, 194, 410),
    compare(3000, 250, 420),
    compare(3200, 251, 421),
    compare(3400, 250, 420),
    compare(6000, 320, 440), // the box's far corner
    custom(6100, FM_TAG.error, { kind: "uncaught", message: "TypeError: compare is not a function" }),
    custom(9000, FM_TAG.nav, { href: "http://localhost:8788/about" }),
    compare(9500, 10, 10, { selector: "#elsewhere", node: 7 }), // off the steps: not on the map
    custom(9900, FM_TAG.task, { action: "end", taskIndex: 0, taskId: task?.id, outcome: "gave_up" }),
  ];
}

describe("click maps from the analysis", () => {
  const result = analyzeRecording(recording(1280), study);

  it("keeps the clicks inside journey steps, with their offset inside the element's box", () => {
    expect(result.clicks.map((c) => [c.t, c.stepId, c.fx, c.fy])).toEqual([
      [1000, pricing.id, 0.1, 0.25],
      [3000, pricing.id, 0.5, 0.5],
      [3200, pricing.id, 0.507, 0.525],
      [3400, pricing.id, 0.5, 0.5],
      [6000, pricing.id, 1, 1],
    ]);
    expect(result.clicks[0]).toMatchObject({
      node: 43,
      path: "body:1>main:1>p:3>button:0",
      vw: 1280,
      snap: 2, // after the pricing page's full snapshot: node ids hold within it
    });
  });

  it("marks the clicks of a rage burst, a dead click and an error click apart", () => {
    const marks = Object.fromEntries(result.clicks.map((c) => [c.t, c.marks ?? []]));
    expect(marks[3000]).toContain("rage");
    expect(marks[3200]).toContain("rage");
    expect(marks[3400]).toContain("rage");
    expect(marks[6000]).toContain("error");
    expect(marks[1000]).not.toContain("rage");
    const kinds = new Set(result.signals.map((s) => s.kind));
    expect(kinds.has("rage_click") && kinds.has("error_click")).toBe(true);
  });

  it("groups the step's clicks by viewport width, from the per-session summaries", () => {
    const sessions = [1280, 1600, 390].map((w, i) => {
      const s = startSession({
        studyId: study.id,
        inviteId: "iv_00000000000000000000",
        participantLabel: `P${i + 1}`,
        consent: { acceptedAt: new Date(T0).toISOString(), textVersion: "v1" },
        tokenHash: "0".repeat(64),
        now: new Date(T0),
      });
      const a = analyzeRecording(recording(w), study);
      const clicks = a.clicks.map((c) => ({ ...c, vw: w }));
      const journey = sessionJourney(study, {
        final: true,
        attempts: a.attempts.map((x) => ({ ...x, startedAt: "", outcome: "gave_up" as const })),
        visits: a.visits,
        signals: a.signals,
      });
      return { session: { ...s, journey }, summary: { sessionId: s.id, clicks } };
    });
    const map = stepClickMap(
      task,
      pricing.id,
      sessions.map((x) => x.session),
      sessions.map((x) => x.summary),
    );
    expect(map?.groups.map((g) => [g.device, g.clicks.length, g.sessions])).toEqual([
      ["phone", 5, 1],
      ["desktop", 10, 2],
    ]);
    const desktop = map?.groups[1];
    expect(desktop?.base).toMatchObject({ t: 999, snap: 2 });
    expect(desktop?.marked).toMatchObject({ rage: 6, error: 2 });
    expect(stepClickMap(task, "sp_00000000000000000000", [], [])).toBeUndefined();
  });
});
