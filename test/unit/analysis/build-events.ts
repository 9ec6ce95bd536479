/** Hand-built rrweb streams for detector and journey tests (the recorded fixtures are real ones). */
import type { TaskPayload } from "@frictionmap/protocol";

const BASE = 1_700_000_000_000;
export const at = (ms: number) => BASE + ms;

const custom = (ms: number, tag: string, payload: object) => ({
  type: 5,
  timestamp: at(ms),
  data: { tag, payload },
});
const incremental = (ms: number, data: object) => ({ type: 3, timestamp: at(ms), data });

export const ev = {
  meta: (ms: number, href: string) => ({
    type: 4,
    timestamp: at(ms),
    data: { href, width: 1200, height: 800 },
  }),
  snapshot: (ms: number) => ({
    type: 2,
    timestamp: at(ms),
    data: { node: { type: 0, id: 1, childNodes: [] } },
  }),
  nav: (ms: number, href: string, kind = "push") => custom(ms, "fm:nav", { href, kind }),
  click: (
    ms: number,
    selector: string,
    o: {
      x?: number;
      y?: number;
      tag?: string;
      interactive?: boolean;
      editable?: boolean;
      text?: string;
      matches?: string[];
    } = {},
  ) =>
    custom(ms, "fm:click", {
      selector,
      tag: o.tag ?? "button",
      interactive: o.interactive ?? true,
      x: o.x ?? 100,
      y: o.y ?? 100,
      ...(o.editable !== undefined ? { editable: o.editable } : {}),
      ...(o.text ? { text: o.text } : {}),
      ...(o.matches ? { matches: o.matches } : {}),
    }),
  mutation: (ms: number) =>
    incremental(ms, {
      source: 0,
      adds: [{ parentId: 1, nextId: null, node: {} }],
      removes: [],
      texts: [],
      attributes: [],
    }),
  emptyMutation: (ms: number) =>
    incremental(ms, { source: 0, adds: [], removes: [], texts: [], attributes: [] }),
  scroll: (ms: number) => incremental(ms, { source: 3, id: 1, x: 0, y: 200 }),
  input: (ms: number) => incremental(ms, { source: 5, id: 9, text: "*****", isChecked: false }),
  /** One MouseMove event holding the points, sampled `stepMs` apart and ending at `ms`. */
  moves: (ms: number, points: [number, number][], stepMs = 50) =>
    incremental(ms, {
      source: 1,
      positions: points.map(([x, y], i) => ({ x, y, id: 1, timeOffset: -(points.length - 1 - i) * stepMs })),
    }),
  error: (ms: number, message: string, source?: string) =>
    custom(ms, "fm:error", { kind: "uncaught", message, ...(source ? { source } : {}) }),
  form: (ms: number, action: "edit" | "submit", selector: string, formSelector?: string) =>
    custom(ms, "fm:form", { action, selector, ...(formSelector ? { formSelector } : {}) }),
  task: (ms: number, p: Omit<TaskPayload, "taskIndex"> & { taskIndex?: number }) =>
    custom(ms, "fm:task", { taskIndex: 0, ...p }),
  track: (ms: number, name: string) => custom(ms, "fm:track", { name }),
  report: (ms: number, text: string) => custom(ms, "fm:report", { text }),
};
