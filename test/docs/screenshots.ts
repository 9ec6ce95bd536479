/**
 * The README's walk-through pictures, taken as a new user would see them: `npm start` on a
 * fresh data dir, `npm run simulate`, then headless Chromium on the participant panel, the
 * replay of the session with the most friction, and the journey map. Writes small PNGs to
 * web/docs/.
 *
 *   npm run docs:screenshots -- [--participants N]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { benchSettings } from "../bench/bench-settings";
import { launchChromium } from "../setup/browser";
import { npmStart } from "../setup/local-process";
import { freePort } from "../setup/storage";

const args = parseArgs({
  usage: "npm run docs:screenshots -- [--participants N]",
  about:
    "Starts the platform (npm start, on its own ports and data dir unless npm start's settings are set),\nruns the simulated participants and takes the README's screenshots into web/docs/.",
  options: { participants: { description: "simulated participants", default: 4, min: 1, max: 40 } },
});
oneLineErrors();

const OUT = "web/docs";
const settings = benchSettings("fm-docs-");
const env = {
  PORT: String(settings.port || (await freePort())),
  DEMO_PORT: String(settings.demoPort || (await freePort())),
  FRICTIONMAP_DATA_DIR: settings.dataDir,
  FRICTIONMAP_ADMIN_TOKEN: settings.adminToken,
};
const base = `http://localhost:${env.PORT}`;
const auth = { authorization: `Bearer ${env.FRICTIONMAP_ADMIN_TOKEN}` };

async function shot(page: Page, name: string) {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, type: "png" });
  console.log(`  ${file}: ${(statSync(file).size / 1024).toFixed(0)} KB`);
}

async function participantPanel(browser: Browser, inviteUrl: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
  await page.goto(inviteUrl);
  await shot(page, "consent");
  await page.click('[data-fm="consent-accept"]');
  await page.waitForSelector('[data-fm="task-start"]');
  await page.waitForTimeout(500);
  await shot(page, "participant-panel");
  await page.close();
}

/** The sign-in page, wide and narrow (its hint names this data dir's admin-token file). */
async function signIn(browser: Browser) {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 760 } });
    await page.goto(`${base}/`);
    await page.waitForSelector('input[name="token"]');
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(process.env.FM_SIGNIN_SHOTS ?? OUT, `sign-in-${width}.png`) });
    await page.close();
  }
}

async function reviewer(browser: Browser, studyId: string) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await context.addInitScript(
    (t) => sessionStorage.setItem("frictionmap:token", t),
    env.FRICTIONMAP_ADMIN_TOKEN,
  );
  const page = await context.newPage();
  const sessions = (await (
    await fetch(`${base}/api/studies/${studyId}/sessions`, { headers: auth })
  ).json()) as {
    items: { id: string; signalCounts: Record<string, number> }[];
  };
  const friction = (s: { signalCounts: Record<string, number> }) =>
    Object.values(s.signalCounts).reduce((a, b) => a + b, 0);
  const worst = [...sessions.items].sort((a, b) => friction(b) - friction(a))[0];
  if (!worst) throw new Error("the simulation left no sessions");

  await page.goto(`${base}/studies/${studyId}/sessions`);
  await page.waitForSelector("table, .sessions, [data-fm-session]", { timeout: 20_000 }).catch(() => {});
  await page.waitForTimeout(1000);
  await shot(page, "sessions");

  await page.setViewportSize({ width: 1200, height: 880 });
  await page.goto(`${base}/sessions/${worst.id}`);
  await page.waitForSelector("iframe", { timeout: 30_000 });
  await page.waitForTimeout(3000);
  await page.keyboard.press("j"); // to the first moment
  await page.waitForTimeout(1500);
  await shot(page, "replay");
  await page.setViewportSize({ width: 1200, height: 760 });

  await page.goto(`${base}/studies/${studyId}/map`);
  await page.waitForTimeout(3000);
  await shot(page, "journey-map");
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const platform = await npmStart(env, 120_000);
try {
  const simulate = spawnSync(
    "npm",
    ["run", "--silent", "simulate", "--", "--participants", String(args.participants)],
    {
      env: { ...process.env, ...env },
      stdio: "inherit",
    },
  );
  if (simulate.status !== 0) throw new Error("npm run simulate failed");
  const demo = JSON.parse(readFileSync(join(env.FRICTIONMAP_DATA_DIR, "demo.json"), "utf8")) as {
    studyId: string;
    inviteToken: string;
  };
  // Give the debounced analysis a moment after the last chunk.
  await new Promise((r) => setTimeout(r, 3000));
  const browser = await launchChromium();
  try {
    if (process.env.FM_SIGNIN_SHOTS) await signIn(browser);
    await reviewer(browser, demo.studyId);
    // Last, so its session is not in the reviewer's pictures.
    await participantPanel(browser, `${base}/i/${demo.inviteToken}`);
  } finally {
    await browser.close();
  }
} finally {
  await platform.stop();
  settings.cleanup();
}
