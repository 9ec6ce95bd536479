import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../functions/src/domain/session";
import type { Study } from "../../functions/src/domain/study";
import { seedAnalyzedSession, syntheticRecording } from "../fixtures/synthetic-session";
import { launchChromium } from "../setup/browser";
import { type ReviewerPlatform, startReviewerPlatform, storeDemoStudy } from "../setup/reviewer-platform";
import { tempDir } from "../setup/storage";

const TOKEN = "e2e-replay-token-0123456789";

/** The replay on an analysed session: timeline segments, deep links, moments by keyboard. */
describe("replay of an analysed session (headless Chromium)", () => {
  const dir = tempDir("fm-e2e-replay-");
  let platform: ReviewerPlatform;
  let browser: Browser;
  let study: Study;
  let session: Session;
  const api = async (path: string) =>
    (
      await fetch(`${platform.url}/api${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json() as Promise<any>;

  beforeAll(async () => {
    platform = await startReviewerPlatform(dir.path, TOKEN);
    study = await storeDemoStudy(platform.deps);
    session = await seedAnalyzedSession(platform.deps, study, syntheticRecording(2), "Participant 7", 8);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    dir.remove();
  });

  it("shows one labelled segment per step visit, opens at ?t=, and turns a signal into an annotation with one key", async () => {
    const detail = await api(`/sessions/${session.id}`);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    const page = await ctx.newPage();
    const visit = detail.stepVisits[5];
    const at = Math.round((visit.enteredAt + visit.leftAt) / 2);
    await page.goto(`${platform.url}/sessions/${session.id}?t=${at}`);
    await page.waitForSelector('[data-complete="true"]');

    const labels = await page.locator(".segment").allTextContents();
    const names = new Map(study.tasks.flatMap((t) => t.steps.map((s) => [s.id, s.name] as const)));
    expect(labels).toEqual(detail.stepVisits.map((v: any) => names.get(v.stepId)));
    const time = page.locator('[data-testid="current-time"]');
    expect(Number(await time.getAttribute("data-ms"))).toBe(at);
    expect(await page.locator(".step-now").textContent()).toBe(`Step: ${names.get(visit.stepId)}`);

    // Markers never overlap one another.
    const boxes = await page
      .locator(".marker")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        expect(apart).toBe(true);
      }
    }

    // j walks the moments after the current time in order (problem reports included) up to the
    // first signal; k steps back.
    const feedbackTs = detail.feedback.map((f: any) => f.clientTs - detail.recording.firstTs);
    const next = detail.signals.find((s: any) => s.t > at + 250);
    const expected = [...feedbackTs.filter((t: number) => t > at + 250 && t < next.t), next.t].sort(
      (x, y) => x - y,
    );
    for (const t of expected) {
      await page.keyboard.press("j");
      await expect.poll(async () => Number(await time.getAttribute("data-ms"))).toBe(t);
    }
    if (expected.length > 1) {
      await page.keyboard.press("k");
      await expect.poll(async () => Number(await time.getAttribute("data-ms"))).toBe(expected.at(-2));
      await page.keyboard.press("j");
      await expect.poll(async () => Number(await time.getAttribute("data-ms"))).toBe(next.t);
    }
    await page.locator("body").press("a");
    const form = page.locator("form.annotation-form");
    await form.waitFor();
    expect(await form.locator('select[name="step"]').inputValue()).toBe(next.stepId);
    await form.locator('button[type="submit"]').click();
    await page.waitForSelector(".moment.annotation");
    const items = (await api(`/sessions/${session.id}/annotations`)).items;
    expect(items).toEqual([expect.objectContaining({ signalId: next.id, t: next.t, stepId: next.stepId })]);
    await ctx.close();
  }, 60_000);
});
