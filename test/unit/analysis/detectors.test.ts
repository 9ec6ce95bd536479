import { describe, expect, it } from "vitest";
import { analyzeRecording } from "../../../functions/src/domain/analysis/analyze";
import { DETECTOR_VERSION } from "../../../functions/src/domain/analysis/types";
import type { SignalKind } from "../../../functions/src/domain/session";
import { resolveThresholds } from "../../../functions/src/domain/thresholds";
import { FIXTURE_TASK_ID, fixtureStudy } from "../../fixtures/analysis-study";
import { ev } from "./build-events";

const study = fixtureStudy();
const O = "http://127.0.0.1:8788";
const start = [ev.meta(0, `${O}/`), ev.task(0, { action: "start", taskId: FIXTURE_TASK_ID })];
const run = (events: unknown[], th = resolveThresholds(undefined)) =>
  analyzeRecording([...start, ...events], study, th).signals;
const kinds = (events: unknown[], th = resolveThresholds(undefined)) => run(events, th).map((s) => s.kind);
const of = (kind: SignalKind, events: unknown[], th = resolveThresholds(undefined)) =>
  run(events, th).filter((s) => s.kind === kind);

describe("rage click", () => {
  const burst = (n: number, gap: number, dx = 2) =>
    Array.from({ length: n }, (_, i) =>
      ev.click(1000 + i * gap, "#buy", { x: 100 + i * dx, y: 100, text: "Buy" }),
    );

  it("fires once per burst of 3+ clicks within 1 s and 30 px, at the first click, with its target", () => {
    const [s, ...rest] = of("rage_click", [...burst(5, 200), ev.mutation(1100)]);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      t: 1000,
      x: 100,
      y: 100,
      target: { selector: "#buy", text: "Buy" },
      detectorVersion: DETECTOR_VERSION,
    });
  });
  it("needs the clicks close in time and place", () => {
    expect(of("rage_click", burst(2, 200))).toEqual([]);
    expect(of("rage_click", burst(4, 1100))).toEqual([]);
    expect(of("rage_click", burst(4, 200, 40))).toEqual([]);
  });
  it("is not a stepper clicked fast (each click answered), unless an error came with it", () => {
    const stepper = [0, 1, 2, 3].flatMap((i) => [
      ev.click(1000 + i * 150, "#plus"),
      ev.mutation(1000 + i * 150 + 20),
    ]);
    expect(of("rage_click", stepper)).toEqual([]);
    expect(of("rage_click", [...stepper, ev.error(1500, "boom")])).toHaveLength(1);
  });
  it("is not an impatient multi-click on a link whose page arrived within 1 s", () => {
    const link = [0, 1, 2].map((i) => ev.click(1000 + i * 120, "#nav", { tag: "a" }));
    expect(of("rage_click", [...link, ev.meta(1700, `${O}/services`)])).toEqual([]);
    expect(of("rage_click", [...link, ev.meta(3500, `${O}/services`)])).toHaveLength(1);
  });
  it("ignores clicks in text fields", () => {
    const field = [0, 1, 2, 3].map((i) =>
      ev.click(1000 + i * 100, "#q", { tag: "input", interactive: false }),
    );
    expect(kinds(field)).toEqual([]);
  });
  it("follows the study's thresholds", () => {
    const th = resolveThresholds({ rageClick: { minClicks: 5 } });
    expect(of("rage_click", burst(4, 200), th)).toEqual([]);
    expect(of("rage_click", burst(5, 200), th)).toHaveLength(1);
  });
});

describe("dead click", () => {
  it("fires when nothing answers within 2.5 s", () => {
    expect(of("dead_click", [ev.click(1000, "#go"), ev.moves(4000, [[1, 1]])])).toMatchObject([{ t: 1000 }]);
  });
  it("is answered by a mutation within the window, a late one is too late", () => {
    expect(of("dead_click", [ev.click(1000, "#go"), ev.mutation(2500), ev.moves(5000, [[1, 1]])])).toEqual(
      [],
    );
    expect(of("dead_click", [ev.click(1000, "#go"), ev.mutation(3600)])).toHaveLength(1);
    expect(
      of("dead_click", [ev.click(1000, "#go"), ev.emptyMutation(1500), ev.moves(5000, [[1, 1]])]),
    ).toHaveLength(1);
  });
  it("is answered by a scroll within 300 ms, by navigation, or by a value change", () => {
    expect(of("dead_click", [ev.click(1000, "#go"), ev.scroll(1200), ev.moves(5000, [[1, 1]])])).toEqual([]);
    expect(of("dead_click", [ev.click(1000, "#go"), ev.scroll(1500), ev.moves(5000, [[1, 1]])])).toHaveLength(
      1,
    );
    expect(
      of("dead_click", [ev.click(1000, "#go"), ev.nav(1800, `${O}/services`), ev.moves(5000, [[1, 1]])]),
    ).toEqual([]);
    expect(
      of("dead_click", [ev.click(1000, "label", { tag: "label" }), ev.input(1010), ev.moves(5000, [[1, 1]])]),
    ).toEqual([]);
  });
  it("only for interactive elements, and not when the recording ends inside the window", () => {
    expect(
      of("dead_click", [ev.click(1000, "p", { tag: "p", interactive: false }), ev.moves(5000, [[1, 1]])]),
    ).toEqual([]);
    expect(of("dead_click", [ev.click(1000, "#go")])).toEqual([]);
  });
  it("uses the study's window", () => {
    const th = resolveThresholds({ deadClick: { mutationWindowMs: 1000 } });
    expect(
      of("dead_click", [ev.click(1000, "#go"), ev.mutation(2500), ev.moves(5000, [[1, 1]])], th),
    ).toHaveLength(1);
  });
});

describe("errors", () => {
  it("js_error for every error, repeats of one message within 5 s collapsed", () => {
    const s = of("js_error", [
      ev.error(100, "a", "/app.js:3"),
      ev.error(600, "a", "/app.js:3"),
      ev.error(900, "b"),
      ev.error(7000, "a", "/app.js:3"),
    ]);
    expect(s.map((x) => [x.t, x.detail, x.target?.selector])).toEqual([
      [100, "a", "/app.js:3"],
      [900, "b", undefined],
      [7000, "a", "/app.js:3"],
    ]);
  });
  it("error_click when an error follows a click within 1 s (or the study's window)", () => {
    expect(
      of("error_click", [ev.click(1000, "#save"), ev.mutation(1010), ev.error(1800, "x")]),
    ).toMatchObject([{ t: 1000, target: { selector: "#save" }, detail: "x" }]);
    expect(of("error_click", [ev.click(1000, "#save"), ev.mutation(1010), ev.error(2200, "x")])).toEqual([]);
    const th = resolveThresholds({ errorClick: { windowMs: 2000 } });
    expect(
      of("error_click", [ev.click(1000, "#save"), ev.mutation(1010), ev.error(2200, "x")], th),
    ).toHaveLength(1);
  });
});

describe("U-turn", () => {
  it("leaving a page and coming back within 10 s, placed on the page turned away from", () => {
    const s = of("u_turn", [ev.nav(1000, `${O}/services`), ev.nav(4000, `${O}/`, "pop")]);
    expect(s).toMatchObject([{ t: 1000, target: { selector: "/services" } }]);
    expect(of("u_turn", [ev.nav(1000, `${O}/services`), ev.nav(12_000, `${O}/`)])).toEqual([]);
    expect(of("u_turn", [ev.nav(1000, `${O}/services`), ev.nav(3000, `${O}/contact`)])).toEqual([]);
    expect(of("u_turn", [ev.nav(1000, `${O}/#faq`, "hash"), ev.nav(2000, `${O}/`, "hash")])).toEqual([]);
    const th = resolveThresholds({ uTurn: { windowMs: 20_000 } });
    expect(of("u_turn", [ev.nav(1000, `${O}/services`), ev.nav(12_000, `${O}/`)], th)).toHaveLength(1);
  });
});

describe("thrashed cursor", () => {
  const swings = (n: number, a = 200, b = 600): [number, number][] =>
    Array.from({ length: n }, (_, i) => [i % 2 ? a : b, 300]);
  it("fires on 5+ fast reversals within 1 s", () => {
    expect(of("thrashed_cursor", [ev.moves(1000, swings(10), 80)])).toHaveLength(1);
  });
  it("not when the pointer jumps between click targets (a click resets the count)", () => {
    const pts = swings(9);
    const part = (from: number, to: number, endMs: number) => ev.moves(endMs, pts.slice(from, to), 80);
    expect(of("thrashed_cursor", [part(0, 5, 1320), part(5, 9, 1640)])).toHaveLength(1);
    expect(of("thrashed_cursor", [part(0, 5, 1320), ev.click(1330, "#a"), part(5, 9, 1640)])).toEqual([]);
  });
  it("not when slow or small", () => {
    expect(of("thrashed_cursor", [ev.moves(3000, swings(10), 400)])).toEqual([]);
    expect(of("thrashed_cursor", [ev.moves(1000, swings(10, 300, 310), 80)])).toEqual([]);
  });
});

describe("form abandonment", () => {
  it("an edited form left without submit; a submitted one is fine", () => {
    const s = of("form_abandonment", [
      ev.form(1000, "edit", "#email", "#quote"),
      ev.nav(3000, `${O}/services`),
    ]);
    expect(s).toMatchObject([{ t: 1000, target: { selector: "#email" } }]);
    expect(
      of("form_abandonment", [
        ev.form(1000, "edit", "#email", "#quote"),
        ev.form(2000, "submit", "#quote"),
        ev.nav(3000, `${O}/thanks`),
      ]),
    ).toEqual([]);
    expect(
      of("form_abandonment", [
        ev.form(1000, "edit", "#email", "#quote"),
        ev.task(2000, { action: "end", taskId: FIXTURE_TASK_ID }),
      ]),
    ).toHaveLength(1);
  });
});

describe("hesitation", () => {
  it("no input for 10 s while a task runs; not after it ended; the study's idle time", () => {
    expect(of("hesitation", [ev.moves(1000, [[5, 5]]), ev.moves(12_000, [[6, 6]])])).toMatchObject([
      { t: 1000, x: 5, y: 5 },
    ]);
    expect(
      of("hesitation", [ev.moves(1000, [[5, 5]]), ev.moves(9000, [[6, 6]]), ev.moves(17_000, [[6, 7]])]),
    ).toEqual([]);
    expect(
      of("hesitation", [
        ev.task(1000, { action: "end", taskId: FIXTURE_TASK_ID }),
        ev.moves(30_000, [[6, 6]]),
      ]),
    ).toEqual([]);
    const th = resolveThresholds({ hesitation: { idleMs: 5000 } });
    expect(of("hesitation", [ev.moves(1000, [[5, 5]]), ev.moves(7000, [[6, 6]])], th)).toHaveLength(1);
  });
});
