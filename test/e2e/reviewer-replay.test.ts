import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../functions/src/domain/session";
import type { Study } from "../../functions/src/domain/study";
import { clock } from "../../web/src/components/format";
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
  /** Its recording ends after 20 minutes without any input: rrweb skips that at high speed. */
  let idleEnd: Session;
  const api = async (path: string) =>
    (
      await fetch(`${platform.url}/api${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json() as Promise<any>;
  const signedIn = async (width: number, height: number): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width, height } });
    await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    return ctx;
  };
  const openReplay = async (page: Page, id: string, t?: number) => {
    await page.goto(`${platform.url}/sessions/${id}${t !== undefined ? `?t=${t}` : ""}`);
    await page.waitForSelector('[data-complete="true"]');
  };
  const playhead = async (page: Page) =>
    Number(await page.locator('[data-testid="current-time"]').getAttribute("data-ms"));

  beforeAll(async () => {
    platform = await startReviewerPlatform(dir.path, TOKEN);
    study = await storeDemoStudy(platform.deps);
    session = await seedAnalyzedSession(platform.deps, study, syntheticRecording(2), "Participant 7", 8);
    // A minute of activity, 20 idle minutes, one last pointer move: rrweb skips the idle time at
    // 240×, so its clock overshoots the last event by a frame's worth of that speed.
    const idle = syntheticRecording(1, Date.now() - 25 * 60_000);
    idle.lastTs += 20 * 60_000;
    const move = { source: 1, positions: [{ x: 10, y: 10, id: 1, timeOffset: 0 }] };
    idle.chunks.push([{ type: 3, timestamp: idle.lastTs, data: move }]);
    // As older recorders left the task panel: its host under <html>, a placeholder with a style.
    const snapshot = idle.chunks[0]?.find((e: any) => e.type === 2) as any;
    snapshot.data.node.childNodes[1].childNodes.push({
      type: 2,
      tagName: "div",
      attributes: {
        rr_width: "320px",
        rr_height: "240px",
        style: "position:fixed;right:0;bottom:0;background:#fff",
      },
      childNodes: [],
      id: 99_999,
    });
    idleEnd = await seedAnalyzedSession(platform.deps, study, idle, "Participant 8", 2);
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

  it("draws a range annotation as a range, takes its step from where it spends its time, keeps its end and a chosen step through edits", async () => {
    const detail = await api(`/sessions/${session.id}`);
    const [a, b] = detail.stepVisits as { stepId: string; enteredAt: number; leftAt: number }[];
    if (!a || !b) throw new Error("the seeded session has fewer than two step visits");
    const ctx = await signedIn(1280, 800);
    const page = await ctx.newPage();
    // From 2 s before the first step ends to 13 s into the second: the second step's range.
    const start = a.leftAt - 2000;
    await openReplay(page, session.id, start);
    await page.locator("body").press("r");
    for (let i = 0; i < 3; i++) await page.locator("body").press("ArrowRight");
    await expect.poll(() => playhead(page)).toBe(start + 15_000);
    await page.locator("body").press("r");
    const form = page.locator("form.annotation-form");
    await form.waitFor();
    expect(await form.locator('select[name="step"]').inputValue()).toBe(b.stepId);
    await form.locator('textarea[name="note"]').fill("Lost between the two pages");
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: "detached" });
    const ranged = async () =>
      ((await api(`/sessions/${session.id}/annotations`)).items as any[]).find((x) => x.tEnd !== undefined);
    const made = await ranged();
    expect(made).toMatchObject({ t: start, tEnd: start + 15_000, stepId: b.stepId });

    // Drawn from its start to its end on the timeline, and listed as a range.
    const duration = detail.recording.lastTs - detail.recording.firstTs;
    const bar = page.locator(`[data-testid="annotation-range"][data-id="${made.id}"]`);
    const box = await bar.boundingBox();
    const track = await page.locator(".annotation-ranges").boundingBox();
    if (!box || !track) throw new Error("the range is not drawn");
    expect(box.x - track.x).toBeCloseTo((start / duration) * track.width, 0);
    expect(box.width).toBeCloseTo((15_000 / duration) * track.width, 0);
    const item = page.locator(`.moment[data-id="${made.id}"]`);
    expect(await item.locator(".moment-time").textContent()).toBe(`${clock(start)}–${clock(start + 15_000)}`);

    // The reviewer moves it to the first step; later edits of the note keep that step and the end.
    await item.locator(".moment-main").click();
    await form.waitFor();
    expect(await form.locator("h3").textContent()).toContain(`${clock(start)}–${clock(start + 15_000)}`);
    await form.locator('select[name="step"]').selectOption(a.stepId);
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: "detached" });
    await item.locator(".moment-main").click();
    await form.locator('textarea[name="note"]').fill("Lost, then found the services page");
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: "detached" });
    const edited = await ranged();
    expect(edited).toMatchObject({
      t: start,
      tEnd: start + 15_000,
      stepId: a.stepId,
      note: "Lost, then found the services page",
    });
    expect(await bar.getAttribute("data-t-end")).toBe(String(start + 15_000));
    await ctx.close();
  }, 60_000);

  it("never shows the clock past the end, even when the idle end is skipped at high speed; no panel box", async () => {
    const detail = await api(`/sessions/${idleEnd.id}`);
    const duration = detail.recording.lastTs - detail.recording.firstTs;
    const ctx = await signedIn(1280, 800);
    const page = await ctx.newPage();
    await openReplay(page, idleEnd.id, duration - 20 * 60_000 - 1_000);
    await page.locator(".controls .play").click();
    await page.locator('.controls .play[aria-label="Play"]').waitFor({ timeout: 30_000 });
    const shown = await playhead(page);
    // The placeholder of the panel's host is in the rebuilt page but not drawn over it.
    const frame = page.frameLocator(".stage iframe");
    expect(await frame.locator("html > div").count()).toBe(1);
    expect(await frame.locator("html > div").evaluate((e) => getComputedStyle(e).display)).toBe("none");
    expect(shown).toBeLessThanOrEqual(duration);
    expect(shown).toBeGreaterThan(duration - 1000);
    expect(await page.locator('[data-testid="current-time"]').textContent()).toBe(
      `${clock(shown)} / ${clock(duration)}`,
    );
    await ctx.close();
  }, 60_000);

  it("copies a link to a moment and to the playhead that opens the replay there after sign-in", async () => {
    const detail = await api(`/sessions/${session.id}`);
    const ctx = await signedIn(1280, 800);
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: platform.url });
    const page = await ctx.newPage();
    await openReplay(page, session.id);
    const signal = detail.signals[3];
    await page.locator(`.moment[data-id="${signal.id}"] [data-testid="copy-moment-link"]`).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${platform.url}/sessions/${session.id}?t=${signal.t}`);
    const at = Math.round(detail.stepVisits[2].enteredAt + 1234);
    await openReplay(page, session.id, at);
    await page.locator('[data-testid="copy-playhead-link"]').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(`${platform.url}/sessions/${session.id}?t=${at}`);

    // A reviewer who opens it in a fresh browser signs in and lands on that moment.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await fresh.newPage();
    await other.goto(link);
    await other.fill('input[name="token"]', TOKEN);
    await other.click('button[type="submit"]');
    await other.waitForSelector('[data-complete="true"]');
    expect(new URL(other.url()).search).toBe(`?t=${signal.t}`);
    expect(await playhead(other)).toBe(signal.t);
    expect(await other.locator(`.marker[data-t="${signal.t}"]`).count()).toBeGreaterThan(0);
    await fresh.close();
    await ctx.close();
  }, 60_000);

  it("keeps the controls, the timeline and the moments inside a 390 px viewport", async () => {
    const ctx = await signedIn(390, 844);
    const page = await ctx.newPage();
    await openReplay(page, session.id, 30_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const outside = await page
      .locator(".controls :is(button, select, input, .time), .timeline, .clip-actions button, .moment button")
      .evaluateAll((els) =>
        els
          .map((e) => ({ what: e.outerHTML.slice(0, 80), box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.left < 0 || box.right > 390))
          .map(({ what }) => what),
      );
    expect(outside).toEqual([]);
    if (process.env.FM_SHOTS) await page.screenshot({ path: join(process.env.FM_SHOTS, "replay-390.png") });
    await ctx.close();
  }, 60_000);
});
