import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { platformAndBrowser } from "../setup/e2e-platform";
import { waitForUploads } from "../setup/participant";

const TOKEN = "e2e-click-map-token-0123456789";
const SHOTS = process.env.FM_SHOTS;

type Box = { x: number; y: number; width: number; height: number };
const inside = (p: { x: number; y: number }, b: Box) =>
  p.x >= b.x - 0.5 && p.x <= b.x + b.width + 0.5 && p.y >= b.y - 0.5 && p.y <= b.y + b.height + 0.5;

/**
 * Click maps (issue 14, item 4) through the real flow: participants at three viewport sizes
 * (two desktop widths and a phone) click the pricing page's "Compare plans" button at
 * different places inside it, recorded by the built recorder.js after consent; the worker
 * analyses; in the reviewer every click is drawn inside that button on the page rebuilt from
 * one recording in rrweb's sandboxed iframe, whichever width it was made at.
 */
describe("click maps (headless Chromium)", () => {
  const e2e = platformAndBrowser("fm-e2e-click-map-", TOKEN);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const json = async (path: string) =>
    (await (await fetch(`${e2e.platform.url}/api${path}`, { headers: auth })).json()) as any;

  /** One participant: consent, task 1 to the pricing page, clicks on Compare, gives up both tasks. */
  async function participant(width: number, height: number, positions: { x: number; y: number }[]) {
    const ctx = await e2e.browser.newContext({ viewport: { width, height } });
    const page = await ctx.newPage();
    try {
      await page.goto(e2e.platform.demoInviteUrl);
      await page.click('[data-fm="consent-accept"]');
      await page.click('[data-fm="task-start"]');
      await page.goto(new URL("/pricing", page.url()).href);
      await page.waitForSelector("#compare");
      for (const position of positions) {
        await page.click("#compare", { position });
        await page.waitForTimeout(1200); // apart: separate clicks, not one rage burst
      }
      await page.click('[data-fm="task-giveup"]');
      await page.click('[data-fm="seq-1"]');
      await page.click('[data-fm="task-next"]');
      await page.click('[data-fm="task-start"]');
      await page.click('[data-fm="task-giveup"]');
      await page.click('[data-fm="seq-1"]');
      await page.click('[data-fm="task-next"]');
      for (let q = 1; q <= 10; q++) await page.click(`[data-fm="sus-${q}-3"]`);
      await page.click('[data-fm="sus-submit"]');
      await waitForUploads(page);
    } catch (err) {
      await page.screenshot({ path: join(e2e.dir.path, "..", `fm-e2e-click-map-${width}.png`) });
      throw err;
    } finally {
      await ctx.close();
    }
  }

  /** Every dot's centre, and the Compare button's box in the rebuilt page, in page px. */
  async function drawn(page: Page) {
    await page.waitForSelector('[data-testid="click-dot"]', { timeout: 30_000 });
    const frame = (await (await page.$(".picture-stage iframe"))?.contentFrame()) as Frame;
    const button = (await (await frame.$("#compare"))?.boundingBox()) as Box;
    const dots = await page.locator('[data-testid="click-dot"]').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, session: e.getAttribute("data-session") };
      }),
    );
    const sandbox = await page.$eval(".picture-stage iframe", (f) => f.getAttribute("sandbox"));
    const inPage = await frame.$eval("#compare", (b) => b.getBoundingClientRect().toJSON());
    const placed = await page
      .locator('[data-testid="click-dot"]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute("data-x"), e.getAttribute("data-y")].map(Number)));
    const layer = await page.$eval(".click-layer", (l) => (l as HTMLElement).style.cssText);
    const wrapper = await page.$eval(".replayer-wrapper", (l) => (l as HTMLElement).style.cssText);
    return { button, dots, sandbox, debug: { inPage, placed, layer, wrapper } };
  }

  it("draws clicks made at two widths and on a phone on the element they were on", async () => {
    await participant(1280, 800, [
      { x: 6, y: 6 },
      { x: 60, y: 20 },
    ]);
    await participant(1600, 700, [{ x: 100, y: 10 }]);
    await participant(390, 844, [{ x: 20, y: 15 }]);
    await expect
      .poll(async () => (await json(`/studies/${e2e.platform.demoStudyId}/report`)).sessions.counted, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(3);

    const study = await json(`/studies/${e2e.platform.demoStudyId}`);
    const task = study.tasks[0];
    const step = task.steps.find((s: any) => s.name === "Pricing");
    const map = await json(`/studies/${study.id}/click-map?task=${task.id}&step=${step.id}`);
    const desktop = map.groups.find((g: any) => g.device === "desktop");
    const phone = map.groups.find((g: any) => g.device === "phone");
    expect(desktop.clicks.map((c: any) => c.vw).sort()).toEqual([1280, 1280, 1600]);
    expect(phone.clicks.map((c: any) => c.vw)).toEqual([390]);
    expect(desktop.clicks.every((c: any) => c.path && c.selector === "#compare")).toBe(true);
    // The button throws: its clicks are marked as error clicks (apart from plain ones).
    expect(desktop.marked.error).toBeGreaterThanOrEqual(1);

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    const page = await ctx.newPage();
    await page.goto(`${e2e.platform.url}/studies/${study.id}/map`);
    await page.locator(`.step-col[data-step="${step.id}"] [data-testid="click-map-link"]`).click();
    const wide = await drawn(page);
    expect(wide.sandbox).not.toContain("allow-scripts");
    expect(wide.dots).toHaveLength(3);
    for (const d of wide.dots)
      expect(inside(d, wide.button), JSON.stringify({ d, b: wide.button, ...wide.debug })).toBe(true);
    // Not only the base recording's own clicks: the other width's click was placed by its path.
    expect(new Set(wide.dots.map((d) => d.session)).size).toBe(2);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/click-map-desktop.png`, fullPage: true });

    await page.click('[data-testid="device-phone"]');
    await expect.poll(() => page.locator('[data-testid="click-dot"]').count()).toBe(1);
    const narrow = await drawn(page);
    for (const d of narrow.dots) expect(inside(d, narrow.button)).toBe(true);

    // A point opens that moment of that replay.
    const dot = page.locator('[data-testid="click-dot"]').first();
    const [session, t] = [await dot.getAttribute("data-session"), Number(await dot.getAttribute("data-t"))];
    await dot.click();
    await page.waitForURL((u) => u.pathname === `/sessions/${session}`);
    expect(Number(new URL(page.url()).searchParams.get("t"))).toBe(Math.max(0, t - 1000));
    await ctx.close();
  }, 240_000);
});
