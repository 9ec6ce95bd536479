import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionJourney } from "../../functions/src/domain/analysis/session-journey";
import type { Session } from "../../functions/src/domain/session";
import type { Study } from "../../functions/src/domain/study";
import { seedAnalyzedSession, syntheticRecording } from "../fixtures/synthetic-session";
import { launchChromium } from "../setup/browser";
import { type ReviewerPlatform, startReviewerPlatform, storeDemoStudy } from "../setup/reviewer-platform";
import { tempDir } from "../setup/storage";

const TOKEN = "e2e-share-token-0123456789";
const SHOTS = process.env.FM_SHOTS;

/** The shared page as a stakeholder without an account sees it. */
describe("share links in a fresh browser (headless Chromium)", () => {
  const dir = tempDir("fm-e2e-share-");
  let platform: ReviewerPlatform;
  let browser: Browser;
  let study: Study;
  const sessions: Session[] = [];
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${platform.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: res.status === 204 ? undefined : ((await res.json()) as any) };
  };
  /** A fresh context: no reviewer token, no cookies, nothing shared with the reviewer. */
  const stranger = async (width = 1280) => {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    return { ctx, page: await ctx.newPage() };
  };
  const reviewerPage = async (width: number) => {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    await ctx.addInitScript((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    return { ctx, page: await ctx.newPage() };
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    platform = await startReviewerPlatform(dir.path, TOKEN);
    study = await storeDemoStudy(platform.deps);
    for (const [i, label] of ["Participant 1", "Participant 2", "Participant 3"].entries()) {
      const rec = syntheticRecording(1, Date.now() - (10 - i) * 60_000);
      const s = await seedAnalyzedSession(platform.deps, study, rec, label, 6);
      // What the analysis job keeps on a finished session, so the journey map counts it.
      const d = await platform.deps.sessions.detail(s.id);
      if (!d) throw new Error("seeded session missing");
      const input = { final: true, attempts: d.attempts, visits: d.stepVisits, signals: d.signals };
      await platform.deps.sessions.update(s.id, { journey: sessionJourney(study, input) });
      sessions.push(s);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    dir.remove();
  });

  it("plays a shared clip in a sandboxed iframe, only its range, and nothing else; revoked → 410", async () => {
    const session = sessions[0] as Session;
    const detail = (await api("GET", `/sessions/${session.id}`)).json;
    const signal = detail.signals[2];
    const other = (
      await api("POST", `/sessions/${sessions[1]?.id}/clips`, { start: 0, end: 1000, title: "Other" })
    ).json;

    // The reviewer makes the clip from a signal in one action, names it and shares it.
    const reviewer = await reviewerPage(1280);
    await reviewer.page.goto(`${platform.url}/sessions/${session.id}`);
    await reviewer.page.waitForSelector('[data-complete="true"]');
    await reviewer.page.locator(`.moment[data-id="${signal.id}"] [data-testid=clip-moment]`).click();
    const form = reviewer.page.locator("form.clip-form");
    expect(await form.locator("input[name=start]").inputValue()).toBe(((signal.t - 4000) / 1000).toFixed(1));
    await form.locator("input[name=title]").fill("Clicks the price twice");
    await form.locator("textarea[name=note]").fill("Nothing happens on the first click.");
    await shot(reviewer.page, "replay-clip-form-1280");
    await reviewer.page.click("[data-testid=clip-save]");
    await reviewer.page.click("[data-testid=share-clip]");
    const url = await reviewer.page.locator("[data-testid=share-link] input").inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    await shot(reviewer.page, "replay-clip-shared-1280");
    await reviewer.ctx.close();
    const clip = (await api("GET", `/studies/${study.id}/clips`)).json.items.find(
      (c: { title: string }) => c.title === "Clicks the price twice",
    );
    expect(clip).toMatchObject({
      start: signal.t - 4000,
      end: signal.t + 6000,
      source: { kind: "signal", id: signal.id },
    });
    const share = (await api("GET", `/studies/${study.id}/shares`)).json.items[0];
    share.url = url;

    const { ctx, page } = await stranger();
    const res = await page.goto(share.url);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["x-robots-tag"]).toContain("noindex");
    const player = page.locator("[data-fm=share-player]");
    await expect.poll(() => player.getAttribute("data-fm-state")).toBe("ready");
    const iframe = page.locator("[data-fm=share-stage] iframe");
    const sandbox = (await iframe.getAttribute("sandbox")) ?? "";
    expect(sandbox).not.toContain("allow-scripts");
    expect(sandbox.length).toBeGreaterThan(0);
    // The recorded page is drawn: header links, heading and buttons, not a blank frame.
    const frame = page.frameLocator("[data-fm=share-stage] iframe");
    await expect.poll(() => frame.locator("button").count()).toBe(4);
    expect(await frame.locator("header a").count()).toBe(4);
    const box = await iframe.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(400);
    await shot(page, "share-clip-1280");

    await page.click("[data-fm=share-play]");
    await expect.poll(() => player.getAttribute("data-fm-state"), { timeout: 15_000 }).toBe("ended");
    expect(Number(await player.getAttribute("data-fm-time"))).toBe(10_000);
    expect(await page.locator("[data-fm=share-time]").textContent()).toBe("0:10 / 0:10");

    // What the page may read: its own data; what it may not: the session, the other clip.
    const token = new URL(share.url).pathname.split("/")[2] as string;
    const reads = await page.evaluate(
      async ({ token, sessionId, otherId }) => {
        const get = async (path: string, auth = true) =>
          (await fetch(path, auth ? { headers: { authorization: `Bearer ${token}` } } : {})).status;
        return {
          session: await get(`/api/sessions/${sessionId}`),
          events: await get(`/api/sessions/${sessionId}/events`),
          other: await get(`/api/clips/${otherId}`),
          secondClip: await get(`/s/${token}/clips/1`, false),
          own: await get(`/s/${token}/clips/0`, false),
        };
      },
      { token, sessionId: session.id, otherId: other.id },
    );
    expect(reads).toEqual({ session: 401, events: 401, other: 401, secondClip: 404, own: 200 });
    const slice = await (await fetch(`${platform.url}/s/${token}/clips/0`)).json();
    const last = Math.max(...slice.events.map((e: { timestamp: number }) => e.timestamp));
    expect(last).toBeLessThanOrEqual((detail.recording.firstTs as number) + clip.end);

    expect((await api("DELETE", `/shares/${share.id}`)).status).toBe(204);
    const gone = await page.goto(share.url);
    expect(gone?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe("This link was turned off");
    await shot(page, "share-revoked-1280");
    await ctx.close();
  });

  it("plays a reel of three clips from three sessions in order, a title card before each", async () => {
    const clipIds: string[] = [];
    for (const [i, s] of sessions.entries()) {
      const made = await api("POST", `/sessions/${s.id}/clips`, {
        start: 5000,
        end: 6500,
        title: `Moment ${i + 1}`,
        tag: "confusing",
      });
      clipIds.push(made.json.id);
    }
    const reel = (
      await api("POST", `/studies/${study.id}/reels`, { title: "Where the price hides", clipIds })
    ).json;
    const share = (await api("POST", `/reels/${reel.id}/share`, {})).json;

    for (const width of [390, 1280]) {
      const { ctx, page } = await stranger(width);
      await page.goto(share.url);
      const player = page.locator("[data-fm=share-player]");
      await expect.poll(() => player.getAttribute("data-fm-state")).toBe("ready");
      await shot(page, `share-reel-${width}`);
      if (width === 390) {
        await ctx.close();
        continue;
      }
      // Every change of state and clip, with the card's words at that moment.
      await page.evaluate(() => {
        const root = document.querySelector("[data-fm=share-player]") as HTMLElement;
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        new MutationObserver(() => {
          const card = root.querySelector("[data-fm=share-card]") as HTMLElement;
          const entry = `${root.dataset.fmState}:${root.dataset.fmClipIndex}${root.dataset.fmState === "card" ? `:${card.textContent}` : ""}`;
          if (seen.at(-1) !== entry) seen.push(entry);
        }).observe(root, { attributes: true, attributeFilter: ["data-fm-state", "data-fm-clip-index"] });
      });
      await page.click("[data-fm=share-play]");
      await page.waitForSelector("[data-fm=share-card]:not([hidden])");
      await shot(page, "share-reel-card-1280");
      await expect.poll(() => player.getAttribute("data-fm-state"), { timeout: 30_000 }).toBe("ended");
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      const steps = seen.map((s) => s.split(":").slice(0, 2).join(":"));
      expect(steps).toEqual(["card:0", "playing:0", "card:1", "playing:1", "card:2", "playing:2", "ended:2"]);
      const cards = seen.filter((s) => s.startsWith("card:"));
      for (const [i, card] of cards.entries()) {
        expect(card).toContain(`Clip ${i + 1} of 3`);
        expect(card).toContain(`Moment ${i + 1}`);
        expect(card).toContain(`Participant ${i + 1}`);
        expect(card).toContain("confusing");
      }
      await ctx.close();
    }
  }, 60_000);

  it("goes from a ranked problem on the journey map to a shared reel a stranger can open", async () => {
    const started = Date.now();
    const reviewer = await reviewerPage(1280);
    const { page } = reviewer;
    await page.goto(`${platform.url}/studies/${study.id}/map`);
    await page.waitForSelector(".friction-table");
    await shot(page, "journey-map-reel-buttons-1280");
    const firstProblem = page.locator(".friction-table tbody tr").first();
    const participants = Number(
      await firstProblem.locator("[data-testid=friction-participants]").textContent(),
    );
    await firstProblem.locator("[data-testid=make-reel-from-map]").click();
    await page.waitForURL(/\/clips\?reel=/);
    const reel = page.locator(".reel.highlighted");
    await reel.waitFor();
    expect(await reel.locator(".reel-clips li").count()).toBe(participants);
    await reel.locator("[data-testid=share-reel]").click();
    const url = await reel.locator("[data-testid=share-link] input").inputValue();
    const row = page.locator("[data-testid=share-row]").first();
    await row.waitFor();
    expect(await row.textContent()).toContain("Admin");
    await shot(page, "clips-tab-1280");
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "clips-tab-390");

    const { ctx, page: seen } = await stranger(390);
    await seen.goto(url);
    await expect
      .poll(() => seen.locator("[data-fm=share-player]").getAttribute("data-fm-state"))
      .toBe("ready");
    expect(await seen.locator("[data-fm=share-card]").textContent()).toContain(`Clip 1 of ${participants}`);
    expect(Date.now() - started).toBeLessThan(60_000);

    // Turned off from the list: the same link then answers 410 with a clear page.
    await row.locator("[data-testid=revoke]").click();
    await expect.poll(() => row.locator(".badge").textContent()).toBe("revoked");
    expect((await seen.goto(url))?.status()).toBe(410);
    expect(await seen.locator("h1").textContent()).toBe("This link was turned off");
    await reviewer.ctx.close();
    await ctx.close();
  }, 60_000);
});
