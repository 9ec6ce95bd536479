/**
 * A synthetic one-hour recording shaped like a real one: pointer movement batches, DOM
 * mutations, scrolls, inputs, clicks with the recorder's fm:click, page loads with full
 * snapshots, form edits, errors and tasks. Deterministic (seeded), so runs compare.
 */
import { seededRandom } from "../../functions/src/local/seeded-random";

const PAGES = ["/", "/services", "/services/web", "/contact", "/about", "/pricing"];
const TASK_ID = "tk_benchTask0000000001";

export function syntheticSession(
  opts: { durationMs?: number; events?: number; seed?: number } = {},
): unknown[] {
  const duration = opts.durationMs ?? 3_600_000;
  const target = opts.events ?? 120_000;
  const rnd = seededRandom(opts.seed ?? 42);
  // Page loads and fm: events add events without moving time on: slightly wider gaps.
  const gap = (duration / target) * 0.97;
  const out: unknown[] = [];
  const t0 = 1_700_000_000_000;
  let t = 0;
  let x = 400;
  let y = 300;
  let task = -1;
  const custom = (tag: string, payload: object) =>
    out.push({ type: 5, timestamp: t0 + Math.round(t), data: { tag, payload } });
  const load = (path: string) => {
    const href = `https://shop.example${path}`;
    out.push({ type: 4, timestamp: t0 + Math.round(t), data: { href, width: 1280, height: 800 } });
    out.push({
      type: 2,
      timestamp: t0 + Math.round(t),
      data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } },
    });
    custom("fm:nav", { href, kind: "load" });
  };
  load("/");
  while (out.length < target || t < duration) {
    t += gap * (0.2 + rnd() * 1.6);
    const ts = t0 + Math.round(t);
    if (Math.floor(t / 600_000) !== task) {
      if (task >= 0) custom("fm:task", { action: "end", taskId: TASK_ID, taskIndex: 0, outcome: "success" });
      task = Math.floor(t / 600_000);
      custom("fm:task", { action: "start", taskId: TASK_ID, taskIndex: 0 });
    }
    const r = rnd();
    if (r < 0.5) {
      const positions = [];
      for (let i = 0; i < 10; i++) {
        x = Math.max(0, Math.min(1280, x + (rnd() - 0.5) * 60));
        y = Math.max(0, Math.min(800, y + (rnd() - 0.5) * 40));
        positions.push({ x: Math.round(x), y: Math.round(y), id: 12, timeOffset: -(9 - i) * 50 });
      }
      out.push({ type: 3, timestamp: ts, data: { source: 1, positions } });
    } else if (r < 0.75) {
      out.push({
        type: 3,
        timestamp: ts,
        data: { source: 0, texts: [{ id: 40, value: "…" }], attributes: [], removes: [], adds: [] },
      });
    } else if (r < 0.85) {
      out.push({ type: 3, timestamp: ts, data: { source: 3, id: 1, x: 0, y: Math.round(rnd() * 3000) } });
    } else if (r < 0.9) {
      out.push({ type: 3, timestamp: ts, data: { source: 5, id: 77, text: "****", isChecked: false } });
    } else if (r < 0.96) {
      const sel = rnd() < 0.5 ? "#buy" : "nav > a.services";
      out.push({
        type: 3,
        timestamp: ts,
        data: { source: 2, type: 2, id: 30, x: Math.round(x), y: Math.round(y) },
      });
      custom("fm:click", {
        selector: sel,
        tag: sel === "#buy" ? "button" : "a",
        interactive: true,
        x: Math.round(x),
        y: Math.round(y),
      });
    } else if (r < 0.985) {
      custom("fm:form", {
        action: rnd() < 0.9 ? "edit" : "submit",
        selector: "#email",
        formSelector: "#quote",
      });
    } else if (r < 0.995) {
      load(PAGES[Math.floor(rnd() * PAGES.length)] ?? "/");
    } else {
      custom("fm:error", { kind: "console", message: `Request failed ${Math.floor(rnd() * 5)}` });
    }
  }
  return out;
}

export const BENCH_STUDY_TASK_ID = TASK_ID;
