/**
 * The recorder against bare rrweb, side by side in one run (headless Chromium, the demo
 * site's heavy catalogue: 2,000 products, a ticking clock, scripted pointer, clicks, scroll,
 * typing and client routes). Three variants, the same script each:
 *  - plain: the page without any recorder (recorder.js answers an empty script);
 *  - bare rrweb (--vs-rrweb): @rrweb/record gzipping its buffer every 5 s (rrweb-anchor.ts);
 *  - ours: the shipped recorder.js in a real participant session (invite → consent → a
 *    running task) against a platform of its own, started in-process.
 * Per variant: script time and main-thread task time added (CDP ScriptDuration and
 * TaskDuration minus plain), total blocking time and the longest task (long tasks in the
 * page), gzip bytes sent (and stored, for ours) per active minute; then the ratios ours/bare.
 *
 *   npm run bench:recorder -- --vs-rrweb [--seconds 90] [--load]
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { startLocalPlatform } from "../../functions/src/local/platform";
import { buildRecorder } from "../../recorder/build";
import { launchChromium } from "../setup/browser";
import { benchSettings } from "./bench-settings";
import { type Measured, measure, watch } from "./recorder-bench-run";

const FLAGS = { "--vs-rrweb": false, "--load": false };
const argv = process.argv.slice(2).filter((a) => {
  if (!(a in FLAGS)) return true;
  FLAGS[a as keyof typeof FLAGS] = true;
  return false;
});
const args = parseArgs(
  {
    usage: "npm run bench:recorder -- [--vs-rrweb] [--load] [--seconds N]",
    about:
      "Drives the demo site's heavy catalogue in headless Chromium: plain, with bare @rrweb/record (--vs-rrweb)\nand with recorder.js in a real participant session, the same script each; prints script time, task\ntime, total blocking time, longest task and bytes per active minute, and the ratios ours/bare.\n--load runs busy threads on every core meanwhile (a participant's busy laptop).",
    options: {
      seconds: {
        description: "seconds of scripted interaction per variant",
        default: 90,
        min: 10,
        max: 1800,
      },
    },
  },
  argv,
);
oneLineErrors();

const gzipSize = async (file: string) => {
  const { gzipSync } = await import("node:zlib");
  const { readFileSync } = await import("node:fs");
  return gzipSync(readFileSync(file), { level: 9 }).byteLength;
};

await buildRecorder();
const anchor = await build({
  entryPoints: ["test/bench/rrweb-anchor.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  write: false,
});
const anchorJs = anchor.outputFiles[0]?.text ?? "";
const settings = benchSettings("fm-rbench-");
const TOKEN = settings.adminToken;
const platform = await startLocalPlatform(
  { port: settings.port, demoPort: settings.demoPort, dataDir: settings.dataDir, adminToken: TOKEN },
  () => {},
);
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const api = async (path: string, body?: unknown, method = body ? "POST" : "GET") => {
  const res = await fetch(`${platform.url}/api${path}`, {
    method,
    headers: auth,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as any;
};

const load = FLAGS["--load"]
  ? Array.from({ length: availableParallelism() }, () => new Worker("for (;;) {}", { eval: true }))
  : [];
const catalog = `${platform.demoUrl}/catalog`;
const results: Record<string, Measured & { storedBytes?: number }> = {};

async function variant(
  browser: Browser,
  name: string,
  script: string | undefined,
  run: (page: Page) => Promise<void>,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (script !== undefined)
    await page.route("**/recorder.js", (r) =>
      r.fulfill({ status: 200, contentType: "text/javascript", body: script }),
    );
  await page.route("**/__bench/rrweb-sink", (r) => r.fulfill({ status: 204 }));
  try {
    await run(page);
  } finally {
    await context.close();
  }
  console.log(`  ${name} done`);
}

const browser = await launchChromium();
try {
  console.log(
    `Recorder benchmark: ${args.seconds} s of interaction per variant${load.length ? `, ${load.length} busy threads` : ""}`,
  );
  await variant(browser, "plain", "", async (page) => {
    results.plain = await measure(page, await watch(page), catalog, args.seconds);
  });
  if (FLAGS["--vs-rrweb"])
    await variant(browser, "bare rrweb", anchorJs, async (page) => {
      results.bare = await measure(page, await watch(page), catalog, args.seconds);
    });
  // A study of its own: one task on the catalogue, no time limit, never succeeding on its own.
  const study = await api("/studies", {
    name: "Recorder benchmark",
    origins: [platform.demoUrl],
    status: "live",
    tasks: [
      {
        title: "Browse the catalogue",
        instructions: "Look around the catalogue.",
        startUrl: `${platform.demoUrl}/`,
        success: { type: "event", name: "bench_never" },
        steps: [{ name: "Catalogue", match: { type: "url", pattern: "/catalog*" } }],
      },
    ],
  });
  const [invite] = (await api(`/studies/${study.id}/invites`, { count: 1, label: "Bench" })).invites;
  const storedBytes = async () =>
    ((await api(`/studies/${study.id}/sessions`)).items[0]?.bytes ?? 0) as number;
  const drained = (page: Page) =>
    page.waitForFunction(
      () => !Object.keys(sessionStorage).some((k) => k.startsWith("frictionmap:pending:")),
      undefined,
      {
        timeout: 120_000,
        polling: 250,
      },
    );
  await variant(browser, "ours", undefined, async (page) => {
    const watched = await watch(page);
    await page.goto(invite.url);
    await page.click('[data-fm="consent-accept"]');
    await page.waitForSelector('[data-fm="task-start"]');
    await page.click('[data-fm="task-start"]');
    await page.waitForSelector('[data-fm="task-done"]');
    await drained(page);
    await page.waitForTimeout(6000);
    const before = await storedBytes();
    const m = await measure(page, watched, catalog, args.seconds);
    await drained(page);
    results.ours = { ...m, storedBytes: (await storedBytes()) - before };
  });
} finally {
  await browser.close();
  await platform.stop();
  for (const w of load) await w.terminate();
  settings.cleanup();
}

const plain = results.plain as Measured;
const row = (name: string, m: Measured & { storedBytes?: number }) => ({
  name,
  script: m.script - plain.script,
  task: m.task - plain.task,
  blocking: m.blocking,
  longest: m.longest,
  sent: m.sentBytes / m.minutes,
  stored: (m.storedBytes ?? m.sentBytes) / m.minutes,
});
const rows = [row("plain page", plain)];
if (results.bare) rows.push(row("bare @rrweb/record", results.bare));
if (results.ours) rows.push(row("recorder.js (ours)", results.ours));
const ms = (v: number) => `${Math.round(v)} ms`.padStart(9);
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`.padStart(10);
console.log(
  `\nrecorder.js ${await gzipSize("dist/recorder/recorder.js")} B gzip; per variant over ${((ours) => ours?.minutes.toFixed(2))(results.ours)} active min:`,
);
console.log(
  `${"variant".padEnd(20)} ${"script+".padStart(9)} ${"task+".padStart(9)} ${"blocking".padStart(9)} ${"longest".padStart(9)} ${"sent/min".padStart(10)} ${"stored/min".padStart(10)}`,
);
for (const r of rows)
  console.log(
    `${r.name.padEnd(20)} ${ms(r.script)} ${ms(r.task)} ${ms(r.blocking)} ${ms(r.longest)} ${kb(r.sent)} ${kb(r.stored)}`,
  );
const ours = rows.find((r) => r.name.includes("ours"));
const bare = rows.find((r) => r.name.includes("bare"));
if (ours && bare) {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "n/a").padStart(9);
  console.log(
    `${"ours / bare".padEnd(20)} ${ratio(ours.script, bare.script)} ${ratio(ours.task, bare.task)} ${ratio(ours.blocking, bare.blocking)} ${ratio(ours.longest, bare.longest)} ${ratio(ours.sent, bare.sent).padStart(10)} ${ratio(ours.stored, bare.stored).padStart(10)}`,
  );
}
