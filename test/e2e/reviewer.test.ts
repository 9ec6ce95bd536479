import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepAt } from "../../functions/src/domain/session";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { builtReportOver } from "../setup/api";
import { launchChromium } from "../setup/browser";
import { doDemoStudy, waitForUploads } from "../setup/participant";
import { tempDir } from "../setup/storage";

const TOKEN = "e2e-reviewer-token-0123456789";
/** Set WEB_SHOTS=/some/dir to keep screenshots of what the test saw. */
const SHOTS = process.env.WEB_SHOTS;

/** How many distinct colours a PNG has (decoded by the browser itself). */
async function colourCount(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4)
      seen.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    return seen.size;
  }, png.toString("base64"));
}

describe("reviewer end to end (headless Chromium)", () => {
  const dir = tempDir("fm-e2e-web-");
  let platform: LocalPlatform;
  let browser: Browser;
  let sessionId = "";
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${platform.url}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) };
  };
  const shot = async (page: Page, name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `e2e-${name}.png`) });
  };

  beforeAll(async () => {
    platform = await startLocalPlatform(
      { port: 0, demoPort: 0, dataDir: dir.path, adminToken: TOKEN },
      () => {},
    );
    browser = await launchChromium();
    const participant = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await doDemoStudy(participant, platform.demoInviteUrl);
    await waitForUploads(participant);
    await participant.close();
    // Journey analysis (step visits, signals) when this build has it; the replay works without.
    const job = await api(`/studies/${platform.demoStudyId}/reanalyze`, { method: "POST" });
    expect(job.status).toBe(202);
    for (let i = 0; (await api(`/jobs/${job.body.id}`)).body.status !== "succeeded"; i++) {
      if (i > 150) throw new Error("the reanalysis job did not succeed within 30 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    const sessions = await api(`/studies/${platform.demoStudyId}/sessions`);
    sessionId = sessions.body.items[0].id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    dir.remove();
  });

  it("signs in, opens the study and the session, replays it, seeks from a marker and tags a moment", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A reviewer's own annotation early in the session gives the timeline a marker to click.
    const detail = (await api(`/sessions/${sessionId}`)).body;
    const markerAt = Math.round(detail.durationMs * 0.2);
    const marker = await api(`/sessions/${sessionId}/annotations`, {
      method: "POST",
      body: JSON.stringify({ t: markerAt, tag: "content", severity: 1, note: "Reads the intro" }),
    });
    expect(marker.status).toBe(201);

    await page.goto(platform.url);
    await page.fill('input[name="token"]', "not-the-right-token-at-all");
    await page.click('button[type="submit"]');
    await page.waitForSelector("text=That token was not accepted");
    await page.fill('input[name="token"]', TOKEN);
    await page.click('button[type="submit"]');
    await page.click(".study-card >> text=Request a quote");
    await page.waitForSelector("table.sessions");
    await shot(page, "sessions");
    await page.click("table.sessions >> text=Demo participant 1");
    await page.waitForURL(`**/sessions/${sessionId}`);

    // The replay rebuilds the demo site's page in rrweb's sandboxed iframe.
    await page.waitForFunction(
      () =>
        !!document
          .querySelector<HTMLIFrameElement>(".replayer-wrapper iframe")
          ?.contentDocument?.querySelector("h1"),
      undefined,
      { timeout: 20_000 },
    );
    const sandbox = await page.getAttribute(".replayer-wrapper iframe", "sandbox");
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toContain("allow-scripts");
    await page.waitForTimeout(300);
    const stagePng = await page.locator('[data-testid="stage"]').screenshot();
    expect(await colourCount(page, stagePng)).toBeGreaterThan(8);
    await shot(page, "replay");

    // A marker click seeks the player to the marker's time.
    const time = page.locator('[data-testid="current-time"]');
    await page.keyboard.press("ArrowRight");
    const afterMarker = Math.min(5000, detail.durationMs) - 100;
    await expect.poll(async () => Number(await time.getAttribute("data-ms"))).toBeGreaterThan(afterMarker);
    const annotationMarker = page.locator(".marker.annotation").first();
    const markerT = Number(await annotationMarker.getAttribute("data-t"));
    expect(markerT).toBe(markerAt);
    await annotationMarker.click();
    await expect.poll(async () => Number(await time.getAttribute("data-ms"))).toBe(markerT);

    // Tag a moment in the UI; the API returns it with the step the time falls in.
    const study = (await api(`/studies/${platform.demoStudyId}`)).body;
    const contactStep = study.tasks[1].steps.find((s: any) => s.name === "Contact form");
    const contact = detail.stepVisits.find(
      (v: any) => v.stepId === contactStep.id && v.leftAt - v.enteredAt > 200,
    );
    const target = contact
      ? Math.round((contact.enteredAt + contact.leftAt) / 2)
      : Math.round(detail.durationMs * 0.6);
    await page.keyboard.press("Escape");
    await page.locator('input[aria-label="Playback position"]').evaluate((el: HTMLInputElement, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, target);
    await expect
      .poll(async () => Math.abs(Number(await time.getAttribute("data-ms")) - target))
      .toBeLessThan(150);
    await page.locator("body").press("t");
    const form = page.locator("form.annotation-form");
    await form.waitFor();
    let expectedStep: string;
    if (contact) {
      expectedStep = stepAt(detail.stepVisits, Number(await time.getAttribute("data-ms")))?.stepId as string;
      expect(expectedStep).toBe(contactStep.id);
      expect(await form.locator('select[name="step"]').inputValue()).toBe(expectedStep);
    } else {
      // No analysis on this build: the step is chosen by hand.
      expectedStep = contactStep.id;
      await form.locator('select[name="step"]').selectOption(expectedStep);
    }
    await form.locator('select[name="tag"]').selectOption("navigation");
    await form.locator('select[name="severity"]').selectOption("3");
    await form.locator('textarea[name="note"]').fill("Looked for the contact link in the footer first");
    await shot(page, "tagging");
    await form.locator('button[type="submit"]').click();
    await page.waitForSelector(".moment.annotation >> text=Looked for the contact link");
    const saved = (await api(`/sessions/${sessionId}/annotations`)).body.items.find((a: any) =>
      a.note?.startsWith("Looked for"),
    );
    expect(saved).toMatchObject({ tag: "navigation", severity: 3, stepId: expectedStep, author: "Admin" });
    expect(Math.abs(saved.t - target)).toBeLessThan(150);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows the journey map with the report API's numbers", async (ctx) => {
    const report = await builtReportOver(platform.url, TOKEN, platform.demoStudyId);
    if (report.status === 404) return ctx.skip(); // the report route is not on this build yet
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(platform.url);
    await page.evaluate((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    await page.goto(`${platform.url}/studies/${platform.demoStudyId}/map`);
    await page.waitForSelector(".task-map");
    for (const task of report.body.tasks) {
      for (const step of task.steps) {
        const col = page.locator(
          `.task-map[data-task="${task.taskId}"] .step-col[data-step="${step.stepId}"]`,
        );
        expect(await col.locator('[data-testid="reached"]').textContent()).toBe(String(step.reached));
        expect(await col.locator('[data-testid="dropped"]').textContent()).toBe(String(step.droppedOff));
      }
    }
    await shot(page, "journey-map");
    await page.close();
  });

  it("sends the reviewer back to sign-in with a message when the token stops working", async () => {
    const page = await browser.newPage();
    await page.goto(platform.url);
    await page.evaluate(() => sessionStorage.setItem("frictionmap:token", "revoked-token-0123456789"));
    await page.goto(`${platform.url}/studies/${platform.demoStudyId}`);
    const message = page.locator('[data-testid="auth-message"]');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/no longer valid/);
    expect(await page.evaluate(() => sessionStorage.getItem("frictionmap:token"))).toBeNull();
    await page.close();
  });
});
