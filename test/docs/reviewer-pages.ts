/**
 * Every reviewer page, wide and narrow, against a running platform (npm start with the same
 * settings): sign-in, studies, the study editor, each tab of a study, and the replay of its
 * session with the most friction. For looking at, not for the README: PNGs go to --out, and a
 * page wider than its viewport is named on the console.
 *
 *   PORT=… FRICTIONMAP_ADMIN_TOKEN=… npx tsx test/docs/reviewer-pages.ts --out /tmp/shots
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../setup/browser";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const out = arg("out") ?? "/tmp/fm-reviewer-pages";
const base = `http://localhost:${process.env.PORT ?? "8787"}`;
const token = process.env.FRICTIONMAP_ADMIN_TOKEN;
if (!token) throw new Error("set FRICTIONMAP_ADMIN_TOKEN to the running platform's admin token");
const auth = { authorization: `Bearer ${token}` };
const get = async (path: string) =>
  (await fetch(`${base}/api${path}`, { headers: auth })).json() as Promise<any>;

const study = (await get("/studies")).items[0];
if (!study) throw new Error("no study: run npm run simulate first");
const sessions = (await get(`/studies/${study.id}/sessions`)).items as {
  id: string;
  signalCounts: Record<string, number>;
}[];
const friction = (s: (typeof sessions)[number]) => Object.values(s.signalCounts).reduce((a, b) => a + b, 0);
const worst = [...sessions].sort((a, b) => friction(b) - friction(a))[0];

const pages: [string, string, string][] = [
  ["studies", "/", "main"],
  ["editor", `/studies/${study.id}/edit`, "form"],
  ...["sessions", "map", "paths", "clips", "invites", "setup"].map((tab): [string, string, string] => [
    `study-${tab}`,
    `/studies/${study.id}/${tab}`,
    "main",
  ]),
  ...(worst
    ? [["replay", `/sessions/${worst.id}`, '[data-complete="true"]'] as [string, string, string]]
    : []),
];

/** Elements whose right edge is past the viewport (outside any scroll container of their own). */
const overflowing = (page: Page, width: number) =>
  page.evaluate((w) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 1) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") clipped = true;
      }
      if (!clipped) found.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, found: found.slice(0, 8) };
  }, width);

mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    const anon = await browser.newPage({ viewport: { width, height } });
    await anon.goto(base);
    await anon.waitForSelector('input[name="token"]');
    await anon.screenshot({ path: join(out, `sign-in-${width}.png`) });
    await anon.close();
    const ctx = await browser.newContext({ viewport: { width, height } });
    await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), token);
    const page = await ctx.newPage();
    for (const [name, path, ready] of pages) {
      await page.goto(`${base}${path}`);
      await page.waitForSelector(ready, { timeout: 30_000 });
      await page.waitForTimeout(name === "replay" ? 2500 : 1200);
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: name !== "replay" });
      const o = await overflowing(page, width);
      const wide = o.scrollWidth > width ? ` WIDER THAN THE VIEWPORT: ${o.scrollWidth} px` : "";
      console.log(`${file}${wide}${o.found.length ? `\n    past the edge: ${o.found.join("; ")}` : ""}`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
}
