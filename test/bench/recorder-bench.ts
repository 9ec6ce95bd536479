/**
 * Benchmark of the recorder on the demo site, in headless Chromium:
 *  - recorder.js size (minified, gzip);
 *  - bytes stored per recorded minute of scripted interaction;
 *  - main-thread time per minute (Chrome DevTools Protocol Performance.getMetrics,
 *    TaskDuration and ScriptDuration) with the recorder recording, versus the same pages
 *    and script without recorder.js.
 *
 *   npx tsx test/bench/recorder-bench.ts [--seconds 60]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "../setup/browser";
import { benchSettings } from "./bench-settings";

const args = parseArgs({
  usage: "npm run bench:recorder -- [--seconds N]",
  about:
    "Drives the demo site in headless Chromium with and without recorder.js on a platform of its own\n(npm start's settings where given) and reports recorder.js size, bytes stored per minute and\nmain-thread time per minute.",
  options: { seconds: { description: "seconds of scripted interaction", default: 60, min: 5, max: 3600 } },
});
oneLineErrors();
const SECONDS = args.seconds;

type Metrics = { task: number; script: number };

const sessions = new WeakMap<Page, import("playwright-core").CDPSession>();

/** Main-thread busy time so far (CDP reports seconds; these are ms). */
async function metrics(page: Page): Promise<Metrics> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    sessions.set(page, cdp);
  }
  const { metrics: m } = (await cdp.send("Performance.getMetrics")) as {
    metrics: { name: string; value: number }[];
  };
  const get = (n: string) => (m.find((x) => x.name === n)?.value ?? 0) * 1000;
  return { task: get("TaskDuration"), script: get("ScriptDuration") };
}

/** The same scripted interaction for both runs: pages, SPA routes, mouse, scroll, typing. */
async function interact(page: Page, base: string, seconds: number): Promise<Metrics & { minutes: number }> {
  const total = { task: 0, script: 0, minutes: 0 };
  const started = Date.now();
  const deadline = Date.now() + seconds * 1000;
  const pages = ["/", "/services", "/pricing", "/contact"];
  for (let round = 0; Date.now() < deadline; round++) {
    await page.goto(`${base}${pages[round % pages.length]}`);
    await page.waitForTimeout(300);
    const before = await metrics(page);
    for (let i = 0; i < 40; i++)
      await page.mouse.move(100 + ((i * 37) % 1000), 120 + ((i * 53) % 600), { steps: 4 });
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(200);
    await page.mouse.wheel(0, -400);
    if (page.url().includes("/pricing")) {
      await page.click("text=Starter");
      await page.click("text=Business");
    }
    if (page.url().includes("/contact")) {
      await page.fill('input[name="name"]', "Benchmark Person");
      await page.type('textarea[name="message"]', "We need a new website with a blog.", { delay: 20 });
    }
    if (page.url().includes("/services")) await page.click('[data-testid="card-design"]');
    await page.waitForTimeout(1500);
    const after = await metrics(page);
    total.task += after.task - before.task;
    total.script += after.script - before.script;
  }
  total.minutes = (Date.now() - started) / 60_000;
  return total;
}

execFileSync("npm", ["run", "--silent", "build:recorder"], { stdio: "ignore" });
const bundle = readFileSync("dist/recorder/recorder.js");
const settings = benchSettings("fm-rbench-");
const TOKEN = settings.adminToken;
const platform = await startLocalPlatform(
  { port: settings.port, demoPort: settings.demoPort, dataDir: settings.dataDir, adminToken: TOKEN },
  () => {},
);
const browser = await launchChromium();
try {
  // Without the recorder: recorder.js is not served to the page at all.
  const plain = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await plain.route("**/recorder.js", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
  );
  const without = await interact(plain, platform.demoUrl, SECONDS);
  await plain.close();

  // With the recorder recording a session.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(platform.demoInviteUrl);
  await page.click('[data-fm="consent-accept"]');
  await page.waitForSelector('[data-fm="task-start"]');
  await page.click('[data-fm="task-start"]');
  const withRec = await interact(page, platform.demoUrl, SECONDS);
  const minutes = withRec.minutes;
  await page.waitForFunction(() => sessionStorage.getItem("frictionmap:pending") === null, undefined, {
    timeout: 60_000,
  });
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await page.waitForTimeout(6000); // the last timed flush
  const headers = { authorization: `Bearer ${TOKEN}` };
  const list = (await fetch(`${platform.url}/api/studies/${platform.demoStudyId}/sessions`, { headers }).then(
    (r) => r.json(),
  )) as { items: { bytes: number; eventCount: number; chunkCount: number }[] };
  const s = list.items[0];
  const perMin = (ms: number, run: { minutes: number } = withRec) => ms / run.minutes;
  console.log(
    `Recorder benchmark: demo site, ${SECONDS} s of scripted interaction per run, headless Chromium`,
  );
  console.log(
    `recorder.js            ${bundle.byteLength} B minified, ${gzipSync(bundle, { level: 9 }).byteLength} B gzip`,
  );
  console.log(
    `stored                 ${s?.bytes} B gzip in ${s?.chunkCount} chunks, ${s?.eventCount} events over ${minutes.toFixed(2)} min → ${Math.round((s?.bytes ?? 0) / minutes)} B per recorded minute`,
  );
  console.log(
    `main thread / minute   without recorder: task ${perMin(without.task, without).toFixed(0)} ms, script ${perMin(without.script, without).toFixed(0)} ms`,
  );
  console.log(
    `                       with recorder:    task ${perMin(withRec.task).toFixed(0)} ms, script ${perMin(withRec.script).toFixed(0)} ms`,
  );
  console.log(
    `recorder overhead      ${(perMin(withRec.task) - perMin(without.task, without)).toFixed(0)} ms main-thread time per minute`,
  );
} finally {
  await browser.close();
  await platform.stop();
  settings.cleanup();
}
