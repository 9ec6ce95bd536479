import { describe, expect, it } from "vitest";
import { ownUiFilter } from "../../../recorder/src/own-ui-filter";
import { panelRunner } from "../../../recorder/src/panel-effects";
import { initialUi, type PanelState } from "../../../recorder/src/panel-state";
import { panelHtml } from "../../../recorder/src/panel-view";

const el = (id: number, attributes: Record<string, unknown> = {}, childNodes: unknown[] = []) => ({
  type: 2,
  id,
  tagName: "div",
  attributes,
  childNodes,
});

describe("own-UI filter (the panel is never recorded)", () => {
  const snapshot = () => ({
    type: 2,
    timestamp: 1,
    data: {
      node: el(1, {}, [el(2, {}, [el(3), el(4)]), el(9, { class: "", rr_width: "0px" })]),
      initialOffset: { top: 0, left: 0 },
    },
  });

  it("takes the panel's host out of a full snapshot and keeps the page", () => {
    const out = ownUiFilter(() => 9)(snapshot());
    expect(JSON.stringify(out)).not.toContain("rr_width");
    expect(JSON.stringify(out)).not.toContain('"id":9');
    expect(JSON.stringify(out)).toContain('"id":4');
  });

  it("drops mutations under the panel (re-renders, the countdown) and keeps the page's", () => {
    const filter = ownUiFilter(() => 9);
    filter(snapshot());
    const panelOnly = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        adds: [
          { parentId: 9, nextId: null, node: el(20, { class: "p" }) },
          { parentId: 20, nextId: null, node: { type: 3, id: 21, textContent: "2:59" } },
        ],
        removes: [{ parentId: 9, id: 19 }],
        texts: [],
        attributes: [{ id: 9, attributes: { style: "x" } }],
      },
    };
    expect(filter(panelOnly)).toBeUndefined();
    const countdown = {
      type: 3,
      timestamp: 3,
      data: { source: 0, adds: [], removes: [], texts: [{ id: 21, value: "2:58" }], attributes: [] },
    };
    expect(filter(countdown)).toBeUndefined();
    const mixed = {
      type: 3,
      timestamp: 4,
      data: {
        source: 0,
        adds: [{ parentId: 1, nextId: 9, node: el(30) }],
        removes: [],
        texts: [
          { id: 21, value: "2:57" },
          { id: 3, value: "page text" },
        ],
        attributes: [],
      },
    };
    expect(filter(mixed)?.data).toEqual({
      source: 0,
      adds: [{ parentId: 1, nextId: null, node: el(30) }],
      removes: [],
      texts: [{ id: 3, value: "page text" }],
      attributes: [],
    });
  });

  it("drops the host when rrweb sees it added after the snapshot, and all under it", () => {
    const filter = ownUiFilter(() => 9);
    filter({ type: 2, timestamp: 1, data: { node: el(1, {}, [el(2)]) } });
    const added = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        adds: [
          { parentId: 1, nextId: null, node: el(9, { class: "" }) },
          { parentId: 9, nextId: null, node: el(10) },
        ],
        removes: [],
        texts: [],
        attributes: [],
      },
    };
    expect(filter(added)).toBeUndefined();
    const text = {
      type: 3,
      timestamp: 3,
      data: { source: 0, adds: [], removes: [], texts: [{ id: 10 }], attributes: [] },
    };
    expect(filter(text)).toBeUndefined();
  });

  it("drops pointer, input and scroll events on the panel (its host, or a node rrweb never saw)", () => {
    const filter = ownUiFilter(() => 9);
    filter(snapshot());
    const moves = {
      type: 3,
      timestamp: 5,
      data: {
        source: 1,
        positions: [
          { x: 1, y: 1, id: 9, timeOffset: 0 },
          { x: 2, y: 2, id: -1, timeOffset: 1 },
          { x: 3, y: 3, id: 4, timeOffset: 2 },
        ],
      },
    };
    expect(filter(moves)?.data.positions).toEqual([{ x: 3, y: 3, id: 4, timeOffset: 2 }]);
    for (const source of [2, 3, 5]) {
      expect(filter({ type: 3, timestamp: 6, data: { source, id: 9, x: 0, y: 0 } })).toBeUndefined();
      expect(filter({ type: 3, timestamp: 6, data: { source, id: 4, x: 0, y: 0 } })).toBeDefined();
    }
    const custom = { type: 5, timestamp: 7, data: { tag: "fm:task", payload: { action: "start" } } };
    expect(filter(custom)).toBe(custom);
  });
});

describe("panel view", () => {
  const tasks = [{ title: "Find the price", instructions: "Look <b>around</b>", question: "seq" as const }];
  const view = (saved: PanelState, ui = initialUi()) =>
    panelHtml({ model: { saved, ui }, tasks, susItems: ["I like it.", "It is complex."], secondsLeft: 75 });

  it("thanks without judging, whatever the outcome", () => {
    for (const outcome of ["success", "claimed", "gave_up", "timed_out"] as const) {
      const html = view({ taskIndex: 0, phase: "post", outcome });
      expect(html).toContain("Thank you");
      expect(html).not.toMatch(/Task ended|gave up|failed|Task complete/i);
    }
  });

  it("shows the answers given (SEQ, SUS) after any re-render, and names unanswered statements", () => {
    expect(view({ taskIndex: 0, phase: "post", seq: 4 })).toContain('data-fm="seq-4" aria-pressed="true"');
    const sus = view({ taskIndex: 0, phase: "sus", sus: [2, 0] }, { ...initialUi(), missing: [2] });
    expect(sus).toContain('data-fm="sus-1-2" aria-pressed="true"');
    expect(sus).toContain("Please answer statement 2.");
  });

  it("escapes the study's text and keeps the countdown when minimized", () => {
    expect(view({ taskIndex: 0, phase: "running", taskStartedAt: 1 })).toContain(
      "Look &lt;b&gt;around&lt;/b&gt;",
    );
    const pill = view({ taskIndex: 0, phase: "running", taskStartedAt: 1, collapsed: true });
    expect(pill).toContain('data-fm="panel-expand"');
    expect(pill).toContain("1:15");
  });
});

describe("panel effect runner", () => {
  it("persists when the saved state changes, runs effects in order, and queues actions dispatched by an effect", () => {
    const log: string[] = [];
    const runner = panelRunner(
      { saved: { taskIndex: 0, phase: "intro" }, ui: initialUi() },
      { tasks: [{ id: "t1", startUrl: "http://s.test/" }], susCount: 0 },
      {
        render: (m) => log.push(`render ${m.saved.phase}`),
        reveal: () => {},
        persist: (s) => log.push(`persist ${s.phase}`),
        emitTask: (p) => log.push(`emit ${p.action}`),
        emitReport: () => {},
        api: {
          attempt: (i, e) => log.push(`attempt ${i} ${e.event}`),
          report: () => {},
          complete: () => {},
        },
        checkUrl: () => runner.dispatch({ type: "rule-matched" }),
        flush: () => {},
        navigate: () => {},
        finish: () => {},
      },
    );
    runner.dispatch({ type: "start", at: 1 });
    expect(log).toEqual([
      "persist running",
      "emit start",
      "attempt 0 start",
      "render running",
      "persist post",
      "emit end",
      "attempt 0 end",
      "render post",
    ]);
    log.length = 0;
    runner.dispatch({ type: "report-open" });
    expect(log).toEqual(["render post"]); // a page-only change is not persisted
  });
});
