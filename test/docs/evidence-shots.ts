/**
 * The README's pictures of the evidence views, on the demo study as a new user makes it:
 * `npm start` (free ports, a fresh data dir), `npm run simulate -- --participants N`, then
 * headless Chromium on the paths flow and the busiest step's click map at 1280×800 and
 * 390×844, and the walk from a ranked problem to a shared reel, counted in clicks and
 * seconds. Writes PNGs to web/docs/ (or --out).
 *
 *   npx tsx test/docs/evidence-shots.ts -- [--participants N] [--out DIR]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../setup/browser";
import { npmStart } from "../setup/local-process";
import { freePort } from "../setup/storage";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const OUT = arg("out", "web/docs");
const PARTICIPANTS = arg("participants", "12");
const dataDir = mkdtempSync(join(tmpdir(), "fm-evidence-"));
const env = {
  PORT: String(await freePort()),
  DEMO_PORT: String(await freePort()),
  FRICTIONMAP_DATA_DIR: dataDir,
  FRICTIONMAP_ADMIN_TOKEN: "evidence-shots-token-0123456789",
};
const base = `http://localhost:${env.PORT}`;
const headers = { authorization: `Bearer ${env.FRICTIONMAP_ADMIN_TOKEN}` };
const api = async (path: string) => (await (await fetch(`${base}/api${path}`, { headers })).json()) as any;

async function reviewerPage(browser: Browser, width: number, height: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), env.FRICTIONMAP_ADMIN_TOKEN);
  return ctx.newPage();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`  ${join(OUT, `${name}.png`)}`);
}

/** The step with the most clicks, and its map. */
async function busiestStep(studyId: string) {
  const study = await api(`/studies/${studyId}`);
  let best: { task: string; step: string; clicks: number; map: any } | undefined;
  for (const t of study.tasks)
    for (const s of t.steps) {
      const map = await api(`/studies/${studyId}/click-map?task=${t.id}&step=${s.id}`);
      const clicks = map.groups.reduce((n: number, g: any) => n + g.clicks.length, 0);
      if (!best || clicks > best.clicks) best = { task: t.id, step: s.id, clicks, map };
    }
  return best;
}

/** From the journey map's first ranked problem to a share link of its reel: clicks and seconds. */
async function problemToSharedReel(browser: Browser, studyId: string) {
  const page = await reviewerPage(browser, 1280, 800);
  await page.goto(`${base}/studies/${studyId}/map`);
  await page.waitForSelector(".task-map");
  const started = Date.now();
  let clicks = 0;
  const click = async (selector: string) => {
    await page.locator(selector).first().click();
    clicks++;
  };
  await click("text=What to fix first ↓");
  await click('#fix-first [data-testid="make-reel-from-map"]');
  await page.waitForSelector(".reel.highlighted");
  await click('.reel.highlighted [data-testid="share-reel"]');
  const url = await page.locator('.reel.highlighted [data-testid="share-link"] input').inputValue();
  await click('.reel.highlighted [data-testid="share-link"] button');
  const seconds = (Date.now() - started) / 1000;
  await page.context().close();
  // A stakeholder without an account opens it.
  const stranger = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shared = await stranger.newPage();
  const res = await shared.goto(url);
  await shared.waitForSelector('[data-fm="share-player"][data-fm-state="ready"], [data-fm-state="playing"]', {
    timeout: 30_000,
  });
  await stranger.close();
  console.log(
    `  ranked problem → shared reel: ${clicks} clicks, ${seconds.toFixed(1)} s; the link answers ${res?.status()}`,
  );
}

mkdirSync(OUT, { recursive: true });
const platform = await npmStart(env, 120_000);
try {
  const sim = spawnSync("npm", ["run", "--silent", "simulate", "--", "--participants", PARTICIPANTS], {
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  if (sim.status !== 0) throw new Error("npm run simulate failed");
  const demo = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8")) as { studyId: string };
  // The debounced analyses of the last sessions.
  for (let i = 0; i < 120; i++) {
    const r = await api(`/studies/${demo.studyId}/report`);
    if (r.sessions.inProgress === 0 && r.sessions.counted > 0) break;
    await new Promise((done) => setTimeout(done, 1000));
  }
  const best = await busiestStep(demo.studyId);
  if (!best) throw new Error("no clicks on any step");
  const groups = best.map.groups.map((g: any) => `${g.device} ${g.clicks.length}`).join(", ");
  console.log(`  busiest step: ${best.map.stepName} (${groups})`);
  const browser = await launchChromium();
  try {
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      const page = await reviewerPage(browser, w, h);
      await page.goto(`${base}/studies/${demo.studyId}/paths`);
      await page.waitForSelector(".path-flow");
      await page.waitForTimeout(500);
      await shot(page, `paths-${w}`);
      await page.goto(`${base}/studies/${demo.studyId}/click-map?task=${best.task}&step=${best.step}`);
      await page.waitForSelector('[data-testid="click-dot"]', { timeout: 30_000 });
      await page.waitForTimeout(800);
      await shot(page, `click-map-${w}`);
      await page.context().close();
    }
    await problemToSharedReel(browser, demo.studyId);
  } finally {
    await browser.close();
  }
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
