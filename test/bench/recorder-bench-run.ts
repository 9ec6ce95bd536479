/**
 * One variant of the recorder benchmark, measured: the scripted interaction on the demo
 * site's heavy catalogue (2,000 products, a ticking clock, client routes that rebuild the
 * list), with CDP main-thread metrics, long tasks observed in the page and the bytes the
 * page sent for its recording.
 */
import type { CDPSession, Page } from "playwright-core";

export interface Measured {
  /** CDP ScriptDuration and TaskDuration over the window (ms). */
  script: number;
  task: number;
  /** Long tasks in the page (PerformanceObserver "longtask"): total blocking time, longest (ms). */
  blocking: number;
  longest: number;
  /** Request bodies the page sent for its recording in the window (bytes). */
  sentBytes: number;
  /** Minutes of scripted interaction. */
  minutes: number;
}

/** What makes a request part of a recording: the recorder's chunks, the anchor's sink. */
const isRecording = (url: string, method: string) =>
  (method === "PUT" && url.includes("/api/ingest/sessions/") && url.includes("/chunks/")) ||
  url.includes("/__bench/rrweb-sink");

/** Watches a page from now on: long tasks of every document it loads, recording requests. */
export async function watch(page: Page) {
  const state = { measuring: false, blocking: 0, longest: 0, sent: 0 };
  await page.exposeBinding("__fmBenchLongTask", (_source, duration: number) => {
    if (!state.measuring) return;
    state.blocking += Math.max(0, duration - 50);
    state.longest = Math.max(state.longest, duration);
  });
  await page.addInitScript(() => {
    const report = (window as unknown as { __fmBenchLongTask: (d: number) => void }).__fmBenchLongTask;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) report(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  page.on("request", (req) => {
    if (state.measuring && isRecording(req.url(), req.method()))
      state.sent += req.postDataBuffer()?.byteLength ?? 0;
  });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const metrics = async () => {
    const { metrics: m } = (await cdp.send("Performance.getMetrics")) as {
      metrics: { name: string; value: number }[];
    };
    const get = (n: string) => (m.find((x) => x.name === n)?.value ?? 0) * 1000;
    return { script: get("ScriptDuration"), task: get("TaskDuration") };
  };
  return { state, metrics };
}

/** The scripted interaction, the same for every variant: pointer, clicks, scroll, typing, routes. */
async function interact(page: Page, seconds: number): Promise<number> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  for (let round = 0; Date.now() < deadline; round++) {
    for (let i = 0; i < 30; i++)
      await page.mouse.move(80 + ((i * 137 + round * 31) % 1100), 120 + ((i * 53) % 620), { steps: 4 });
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(250);
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(250);
    await page.mouse.wheel(0, -1400);
    for (const n of [2, 5, 9]) await page.click(`#view button >> nth=${(n * (round + 1)) % 60}`);
    await page.click("#q");
    await page.keyboard.type(round % 2 ? "lamp" : "mug 1", { delay: 60 });
    await page.waitForTimeout(300);
    await page.fill("#q", "");
    // Client routes: every other round the list is rebuilt (2,000 products), then About and back.
    if (round % 2 === 0) {
      await page.click('.tabs a[href="/catalog/new"]');
      await page.waitForTimeout(800);
    } else {
      await page.click('.tabs a[href="/catalog/about"]');
      await page.waitForTimeout(500);
      await page.goBack(); // popstate: the list again
      await page.waitForTimeout(800);
    }
    if (Date.now() >= deadline) break;
    await page.waitForTimeout(1500); // reading
  }
  return (Date.now() - started) / 60_000;
}

/**
 * Measures one variant on a watched page: the heavy page is loaded inside the window (its
 * first snapshot counts), the interaction runs, and the window stays open until the last
 * timed send (5 s) has happened.
 */
export async function measure(
  page: Page,
  watched: Awaited<ReturnType<typeof watch>>,
  catalogUrl: string,
  seconds: number,
): Promise<Measured> {
  const { state, metrics } = watched;
  const before = await metrics();
  state.measuring = true;
  await page.goto(catalogUrl);
  await page.waitForSelector("#view button");
  // A new document may start CDP's counters anew: then the window counts from its start.
  const loaded = await metrics();
  const base = loaded.task >= before.task ? before : { script: 0, task: 0 };
  const minutes = await interact(page, seconds);
  await page.waitForTimeout(7000);
  const after = await metrics();
  state.measuring = false;
  return {
    script: after.script - base.script,
    task: after.task - base.task,
    blocking: state.blocking,
    longest: state.longest,
    sentBytes: state.sent,
    minutes,
  };
}
