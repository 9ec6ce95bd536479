import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { elementAt, expectInViewport, panelHarness, panelStudy } from "../setup/panel-site";
import { waitForUploads } from "../setup/participant";

/** Set PANEL_SHOTS=/some/dir to keep the screenshots (they are taken either way). */
const SHOTS = process.env.PANEL_SHOTS;

const pressed = (page: Page, hook: string) =>
  page
    .locator(`[data-fm="${hook}"]`)
    .getAttribute("aria-pressed")
    .then((v) => v === "true");

describe("the task panel at 1280×800 and 390×844 (headless Chromium)", () => {
  const h = panelHarness("e2e-panel-layout");
  const api = h.api;

  it.each([
    [1280, 800],
    [390, 844],
  ])(
    "at %i×%i: start, done, SEQ and SUS in view; minimized it frees the page; answers survive re-renders and page loads",
    async (width, height) => {
      const shots = SHOTS ?? join(h.dir, "shots");
      mkdirSync(shots, { recursive: true });
      const shot = (page: Page, name: string) =>
        page.screenshot({ path: join(shots, `panel-${width}-${name}.png`) });
      const study = await api("/studies", panelStudy(h.site.url, true));
      const [invite] = (await api(`/studies/${study.id}/invites`, { count: 1 })).invites;
      const page = await h.browser.newPage({ viewport: { width, height } });
      await page.goto(invite.url);
      await page.click('[data-fm="consent-accept"]');
      await page.waitForSelector('[data-fm="task-start"]');
      await expectInViewport(page, '[data-fm="task-start"]');
      await shot(page, "intro");
      await page.click('[data-fm="task-start"]');
      await page.waitForSelector("text=Time left");
      for (const hook of ["task-done", "task-giveup", "panel-minimize", "report-open"])
        await expectInViewport(page, `[data-fm="${hook}"]`);
      await shot(page, "running");

      // Minimized, the page's own controls are free again; it stays so across a page load.
      await page.click('[data-fm="panel-minimize"]');
      await expectInViewport(page, '[data-fm="panel-expand"]');
      for (const id of ["primary", "dead"]) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box).not.toBeNull();
        if (box) expect(await elementAt(page, box.x + box.width / 2, box.y + box.height / 2)).toBe(id);
      }
      await shot(page, "minimized");
      await page.reload();
      await page.waitForSelector('[data-fm="panel-expand"]');
      await page.click('[data-fm="panel-expand"]');

      await page.click('[data-fm="task-done"]');
      for (const n of [1, 7]) await expectInViewport(page, `[data-fm="seq-${n}"]`);
      await expectInViewport(page, '[data-fm="task-next"]');
      await page.click('[data-fm="seq-5"]');
      await page.fill('[data-fm="task-comment"]', "Hard to find the discount.");
      await page.click('[data-fm="panel-minimize"]');
      await page.click('[data-fm="panel-expand"]');
      await page.reload();
      await page.waitForSelector('[data-fm="seq-5"]');
      expect(await pressed(page, "seq-5")).toBe(true);
      expect(await page.locator('[data-fm="task-comment"]').inputValue()).toBe("Hard to find the discount.");
      await shot(page, "post");
      await page.click('[data-fm="task-next"]');

      // SUS: the heading and Finish stay in view; Finish with statements left names them.
      await page.waitForSelector('[data-fm="sus-submit"]');
      for (const sel of ["text=A few last questions", '[data-fm="sus-submit"]', '[data-fm="panel-minimize"]'])
        await expectInViewport(page, sel);
      await shot(page, "sus");
      const answer = (q: number) => (q % 2 ? 4 : 2);
      for (const q of [1, 2, 4, 5, 6, 7, 8]) await page.click(`[data-fm="sus-${q}-${answer(q)}"]`);
      await page.click('[data-fm="sus-submit"]');
      await expect
        .poll(() => page.locator('[data-fm="sus-missing"]').textContent())
        .toBe("Please answer statements 3, 9 and 10.");
      await expectInViewport(page, '[data-fm="sus-missing"]');
      await expectInViewport(page, "text=A few last questions");
      await shot(page, "sus-missing");
      await page.click('[data-fm="panel-minimize"]');
      await page.click('[data-fm="panel-expand"]');
      await page.reload();
      await page.waitForSelector('[data-fm="sus-submit"]');
      for (const q of [1, 2, 4, 5, 6, 7, 8]) expect(await pressed(page, `sus-${q}-${answer(q)}`)).toBe(true);
      for (const q of [3, 9, 10]) await page.click(`[data-fm="sus-${q}-${answer(q)}"]`);
      await page.click('[data-fm="sus-submit"]');
      await page.waitForSelector("text=Thank you!");
      await shot(page, "done");
      await waitForUploads(page);
      await page.close();

      const sessions = await api(`/studies/${study.id}/sessions`);
      const session = await api(`/sessions/${sessions.items[0].id}`);
      expect(session.sus).toEqual([4, 2, 4, 2, 4, 2, 4, 2, 4, 2]);
      expect(session.attempts).toEqual([
        expect.objectContaining({ outcome: "claimed", seq: 5, comment: "Hard to find the discount." }),
      ]);
    },
    90_000,
  );
});
