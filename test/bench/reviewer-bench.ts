/**
 * Benchmark of the reviewer (web/), in headless Chromium against local mode:
 *  - built size: the main chunk and the lazily loaded replay chunk, minified and gzip;
 *  - time to the first replay frame of a long session (default 30 minutes of synthetic
 *    rrweb events stored through storeChunk), from navigation to the recorded page being
 *    rebuilt in the replay iframe, and until the whole recording has loaded;
 *  - frames dropped while playing at 4× (requestAnimationFrame deltas over 10 s);
 *  - stored bytes per active minute: bare rrweb (gzip every 5 s), raw chunks, compacted;
 *    and the first frame again once the session is compacted.
 *
 *   npx tsx test/bench/reviewer-bench.ts [--minutes 30] [--runs 3]
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { compactSession } from "../../functions/src/services/compaction";
import { seedAnalyzedSession, syntheticRecording } from "../fixtures/synthetic-session";
import { launchChromium } from "../setup/browser";
import { startReviewerPlatform, storeDemoStudy } from "../setup/reviewer-platform";
import { benchSettings } from "./bench-settings";

const args = parseArgs({
  usage: "npm run bench:reviewer -- [--minutes N] [--runs N]",
  about:
    "Builds the reviewer, stores a long synthetic session on a platform of its own (npm start's settings\nwhere given) and measures in headless Chromium: bundle sizes, time to the first replay frame and\nto the whole recording, frames dropped at 4x.",
  options: {
    minutes: { description: "length of the synthetic session", default: 30, min: 1, max: 240 },
    runs: { description: "runs to take the median of", default: 3, min: 1, max: 20 },
  },
});
oneLineErrors();
const MINUTES = args.minutes;
const RUNS = args.runs;
const settings = benchSettings("fm-bench-web-");
const TOKEN = settings.adminToken;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function sizes() {
  const dir = "web/dist/assets";
  const files = readdirSync(dir);
  const size = (prefix: string, ext: string) =>
    files
      .filter((f) => f.startsWith(prefix) && f.endsWith(ext))
      .map((f) => readFileSync(join(dir, f)))
      .reduce((acc, b) => ({ raw: acc.raw + b.length, gzip: acc.gzip + gzipSync(b, { level: 9 }).length }), {
        raw: 0,
        gzip: 0,
      });
  return {
    mainJs: size("index-", ".js"),
    mainCss: size("index-", ".css"),
    replayJs: size("replay-", ".js"),
    replayCss: size("replay-", ".css"),
  };
}

async function firstFrame(browser: Browser, url: string, sessionPath: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
  const page = await ctx.newPage();
  await page.goto(`${url}${sessionPath}`, { waitUntil: "commit" });
  const frame = await page.waitForFunction(
    () =>
      document
        .querySelector<HTMLIFrameElement>(".replayer-wrapper iframe")
        ?.contentDocument?.querySelector("h1")
        ? performance.now()
        : false,
    undefined,
    { polling: "raf", timeout: 60_000 },
  );
  const firstMs = (await frame.jsonValue()) as number;
  if (process.env.BENCH_DEBUG) {
    const entries = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map(
          (e) =>
            `${e.name.replace(/^.*\/\/[^/]+/, "")} ${e.startTime.toFixed(0)}→${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`,
        ),
    );
    console.log(entries.join("\n"));
  }
  const all = await page.waitForFunction(
    () => (document.querySelector('[data-complete="true"]') ? performance.now() : false),
    undefined,
    { polling: 50, timeout: 120_000 },
  );
  const allMs = (await all.jsonValue()) as number;
  return { ctx, page, firstMs, allMs };
}

/** What bare @rrweb/record with a buffer gzipped every 5 s would send of these events, bytes. */
function bareRrwebBytes(events: { timestamp: number }[]): number {
  const batches = new Map<number, unknown[]>();
  const start = events[0]?.timestamp ?? 0;
  for (const e of events) {
    const k = Math.floor((e.timestamp - start) / 5000);
    const batch = batches.get(k) ?? [];
    batch.push(e);
    batches.set(k, batch);
  }
  let total = 0;
  for (const batch of batches.values()) total += gzipSync(JSON.stringify(batch)).length;
  return total;
}

async function main() {
  execFileSync("npm", ["run", "--silent", "build:web"], { stdio: "inherit" });
  const built = sizes();
  const platform = await startReviewerPlatform(settings.dataDir, TOKEN, settings.port);
  const browser = await launchChromium();
  try {
    const study = await storeDemoStudy(platform.deps);
    const rec = syntheticRecording(MINUTES);
    const bytes = rec.chunks.reduce((n, c) => n + gzipSync(JSON.stringify(c)).length, 0);
    const t0 = performance.now();
    const session = await seedAnalyzedSession(platform.deps, study, rec, "Bench participant", 120);
    const events = rec.chunks.reduce((n, c) => n + c.length, 0);
    console.log(
      `seeded a ${MINUTES}-minute session: ${events} events in ${rec.chunks.length} chunks, ${kb(bytes)} gzip, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // What the first page costs on the server side (the API's page budget is about 4 MB).
    const pageStart = performance.now();
    const firstPage = await fetch(`${platform.url}/api/sessions/${session.id}/events?from=0`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).then((r) => r.text());
    const pageMs = performance.now() - pageStart;
    const pageChunks = (JSON.parse(firstPage) as { chunks: unknown[] }).chunks.length;

    const runs: { firstMs: number; allMs: number }[] = [];
    let last: Awaited<ReturnType<typeof firstFrame>> | undefined;
    for (let i = 0; i < RUNS; i++) {
      await last?.ctx.close();
      last = await firstFrame(browser, platform.url, `/sessions/${session.id}`);
      runs.push({ firstMs: last.firstMs, allMs: last.allMs });
    }
    if (!last) throw new Error("no run");

    // Play at 4× with the whole recording loaded; count frames that took longer than one vsync.
    const { page } = last;
    await page.selectOption('select:near(:text("Speed"))', "4");
    await page.click('button[aria-label="Play"]');
    // A string, so that the bundler's helpers never reach the page.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const deltas = [];
      let prev = performance.now();
      const end = prev + 10000;
      const step = (now) => {
        deltas.push(now - prev);
        prev = now;
        if (now < end) requestAnimationFrame(step);
        else resolve(deltas);
      };
      requestAnimationFrame(step);
    })`)) as number[];
    const playedTo = Number(await page.getAttribute('[data-testid="current-time"]', "data-ms"));
    const vsync = median(frames);
    const dropped = frames.reduce((n, d) => n + Math.max(0, Math.round(d / vsync) - 1), 0);
    const sorted = [...frames].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? Number.NaN;

    const fmt = (x: { raw: number; gzip: number }) => `${kb(x.raw)} (${kb(x.gzip)} gzip)`;
    console.log("\nbuilt reviewer");
    console.log(`  main chunk JS      ${fmt(built.mainJs)}, CSS ${fmt(built.mainCss)}`);
    console.log(`  replay chunk JS    ${fmt(built.replayJs)}, CSS ${fmt(built.replayCss)}`);
    console.log(`\n${MINUTES}-minute session, ${RUNS} cold loads (new browser context each)`);
    console.log(
      `  first replay frame ${runs.map((r) => r.firstMs.toFixed(0)).join(", ")} ms (median ${median(runs.map((r) => r.firstMs)).toFixed(0)} ms)`,
    );
    console.log(
      `  whole recording    ${runs.map((r) => r.allMs.toFixed(0)).join(", ")} ms (median ${median(runs.map((r) => r.allMs)).toFixed(0)} ms)`,
    );
    console.log(
      `  (first page of events alone: ${pageChunks} chunks, ${kb(firstPage.length)} JSON, ${pageMs.toFixed(0)} ms from Node)`,
    );
    console.log("\nplaying at 4× for 10 s");
    console.log(
      `  ${frames.length} frames, frame time median ${vsync.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`,
    );
    console.log(
      `  dropped frames     ${dropped} (${((dropped / (frames.length + dropped)) * 100).toFixed(1)} %), replay reached ${(playedTo / 1000).toFixed(1)} s`,
    );
    await last.ctx.close();

    // Storage: the same recording as bare rrweb would send it (its buffer gzipped every 5 s),
    // as stored raw (the recorder's chunks), and once compacted; then first frames again.
    const stored = async () =>
      (
        (await fetch(`${platform.url}/api/sessions/${session.id}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        }).then((r) => r.json())) as { storedBytes: number }
      ).storedBytes;
    const rawStored = await stored();
    const bare = bareRrwebBytes(rec.chunks.flat() as { timestamp: number }[]);
    const c0 = performance.now();
    const compaction = await compactSession(platform.deps, session.id);
    const compactMs = performance.now() - c0;
    const compacted = await stored();
    const compactedRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await firstFrame(browser, platform.url, `/sessions/${session.id}`);
      compactedRuns.push(run.firstMs);
      await run.ctx.close();
    }
    const perMin = (n: number) => `${kb(n / MINUTES)}/min`;
    console.log(`
stored bytes of the ${MINUTES}-minute session (active throughout), per active minute`);
    console.log(`  bare rrweb, gzip every 5 s   ${perMin(bare)}  (${kb(bare)})`);
    console.log(
      `  raw chunks as uploaded       ${perMin(rawStored)}  (${kb(rawStored)}, ${(rawStored / bare).toFixed(2)}× bare)`,
    );
    console.log(
      `  compacted (brotli segments)  ${perMin(compacted)}  (${kb(compacted)}, ${(compacted / bare).toFixed(2)}× bare, ${(compacted / rawStored).toFixed(2)}× raw; ${compaction.segmentsWritten ?? 0} segments in ${compactMs.toFixed(0)} ms)`,
    );
    console.log(
      `  first replay frame, compacted ${compactedRuns.map((x) => x.toFixed(0)).join(", ")} ms (median ${median(compactedRuns).toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
    await platform.stop();
    settings.cleanup();
  }
}

await main();
