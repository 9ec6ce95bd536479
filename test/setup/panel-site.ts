import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "./browser";
import { tempDir } from "./storage";

/** Words of the panel that must never be in a recording (the task's own text included). */
export const PANEL_TITLE = "Choose the team plan";
export const PANEL_INSTRUCTIONS = "Your team of eight needs a shared plan. Pick the one that fits.";

/**
 * A small site to test the panel on: a page with a button that does nothing (a dead click),
 * and a primary control fixed to the bottom of the screen, as phone layouts have them.
 */
export async function startPanelSite(platformUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Plans · Teamly</title>
<style>body{margin:0;font:16px/1.5 Georgia,serif;background:#f7f5f0;color:#222}main{padding:24px;max-width:900px}
h1{font-size:32px;margin:0 0 8px}.plans{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px}
.plan{background:#fff;border:1px solid #ddd;border-radius:10px;padding:16px}
button{font:inherit;padding:10px 16px;border-radius:6px;border:0;background:#2b6e4f;color:#fff;cursor:pointer}
.bar{position:fixed;left:0;right:0;bottom:0;padding:12px 24px;background:#fff;border-top:1px solid #ddd;text-align:center}
</style><script src="${platformUrl}/recorder.js" defer></script></head><body><main>
<h1>Plans for every team</h1><p>Compare what each plan includes. Prices are per month.</p>
<div class="plans"><div class="plan"><h2>Solo</h2><p>One seat, €9.</p></div>
<div class="plan"><h2>Team</h2><p>Up to ten seats, €49.</p><button id="dead">Apply discount</button></div>
<div class="plan"><h2>Company</h2><p>Unlimited seats, €199.</p></div></div>
<p style="height:900px">More about plans below.</p></main>
<div class="bar"><button id="primary">Continue to checkout</button></div></body></html>`;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path !== "/" && path !== "/plans") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A live study on the panel site: one timed task whose success rule this site never meets. */
export function panelStudy(siteUrl: string, sus: boolean) {
  return {
    name: "Panel study",
    origins: [siteUrl],
    status: "live",
    sus,
    tasks: [
      {
        title: PANEL_TITLE,
        instructions: PANEL_INSTRUCTIONS,
        startUrl: `${siteUrl}/`,
        timeLimitSec: 600,
        question: "seq",
        success: { type: "url", pattern: "/checkout*" },
        steps: [{ name: "Plans", match: { type: "url", pattern: "/" } }],
      },
    ],
  };
}

/** Asserts that an element of the page (or of the panel) lies wholly inside the viewport. */
export async function expectInViewport(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  const view = page.viewportSize();
  expect(box, `${selector} is not rendered`).not.toBeNull();
  if (!box || !view) return;
  const where = `${selector} at ${JSON.stringify(box)} in ${view.width}×${view.height}`;
  expect(box.x, where).toBeGreaterThanOrEqual(0);
  expect(box.y, where).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, where).toBeLessThanOrEqual(view.width);
  expect(box.y + box.height, where).toBeLessThanOrEqual(view.height);
}

/** What the participant sees at a point: the page's element, or the panel's host. */
export function elementAt(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate(
    ([px, py]) => {
      const el = document.elementFromPoint(px as number, py as number);
      return el?.hasAttribute("data-fm-panel") ? "panel" : (el?.id ?? el?.tagName ?? "");
    },
    [x, y],
  );
}

/** For a test file: a local platform, the panel site and Chromium, started once, and the API. */
export function panelHarness(prefix: string) {
  const token = `${prefix}-token-0123456789`;
  const dir = tempDir(`fm-${prefix}-`);
  const h = {
    dir: dir.path,
    platform: undefined as unknown as LocalPlatform,
    site: undefined as unknown as Awaited<ReturnType<typeof startPanelSite>>,
    browser: undefined as unknown as Browser,
    /** GET, or POST with a body, as the admin. */
    async api(path: string, body?: unknown): Promise<any> {
      const res = await fetch(`${h.platform.url}/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return res.json();
    },
  };
  beforeAll(async () => {
    h.platform = await startLocalPlatform(
      { port: 0, demoPort: 0, dataDir: dir.path, adminToken: token },
      () => {},
    );
    h.site = await startPanelSite(h.platform.url);
    h.browser = await launchChromium();
  });
  afterAll(async () => {
    await h.browser?.close();
    await h.site?.close();
    await h.platform?.stop();
    dir.remove();
  });
  return h;
}
