import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "../setup/browser";
import { tempDir } from "../setup/storage";

const TOKEN = "e2e-admin-token-0123456789";
const SECRET_NAME = "Zelda Quasimodo";
const SECRET_EMAIL = "zelda.q@private-mail.example";

/** Records every event the recorder emits, across page loads, via an exposed binding. */
async function watchEmitted(page: Page) {
  const emitted: { type: number; timestamp: number }[] = [];
  await page.exposeBinding("__fmEmitted", (_src, e: { type: number; timestamp: number }) => {
    emitted.push(e);
  });
  await page.addInitScript(() => {
    const w = window as unknown as {
      frictionmapDebug: (e: unknown) => void;
      __fmEmitted: (e: unknown) => void;
    };
    w.frictionmapDebug = (e) => {
      const ev = e as { type: number; timestamp: number };
      void w.__fmEmitted({ type: ev.type, timestamp: ev.timestamp });
    };
  });
  return emitted;
}

/** Waits until the finished session's recorder has every chunk acknowledged and has let go. */
async function waitForUploads(page: Page, timeoutMs = 30_000) {
  const settled = () =>
    sessionStorage.getItem("frictionmap:pending") === null &&
    sessionStorage.getItem("frictionmap:state") === null;
  await page.waitForFunction(settled, undefined, {
    timeout: timeoutMs,
    polling: 200,
  });
}

/** A participant who does both demo tasks the expected way, typing into the quote form. */
export async function doDemoStudy(page: Page, inviteUrl: string) {
  await page.goto(inviteUrl);
  await page.click('[data-fm="consent-accept"]');
  await page.waitForSelector('[data-fm="task-start"]');
  expect(page.url()).not.toContain("#fm=");
  await page.click('[data-fm="task-start"]');
  await page.click("header >> text=Pricing");
  await page.waitForLoadState();
  await page.click("text=Business"); // client-side route: pushState
  await page.waitForSelector('[data-fm="seq-6"]');
  await page.click('[data-fm="seq-6"]');
  await page.fill('[data-fm="task-comment"]', "The prices were easy to find.");
  await page.click('[data-fm="task-next"]');
  await page.waitForURL((u) => u.pathname === "/");
  await page.click('[data-fm="task-start"]');
  await page.click("header >> text=Contact");
  await page.waitForLoadState();
  await page.fill('input[name="name"]', SECRET_NAME);
  await page.fill('input[name="email"]', SECRET_EMAIL);
  await page.selectOption('select[name="budget"]', { index: 2 });
  await page.click("#send");
  await page.waitForURL((u) => u.pathname === "/thanks");
  await page.waitForSelector('[data-fm="seq-5"]');
  await page.click('[data-fm="seq-5"]');
  await page.click('[data-fm="task-next"]');
  for (let q = 1; q <= 10; q++) await page.click(`[data-fm="sus-${q}-${q % 2 ? 4 : 2}"]`);
  await page.click('[data-fm="sus-submit"]');
  await page.waitForSelector("text=Thank you!");
}

describe("participant end to end (headless Chromium)", () => {
  const dir = tempDir("fm-e2e-");
  let platform: LocalPlatform;
  let browser: Browser;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    platform = await startLocalPlatform(
      { port: 0, demoPort: 0, dataDir: dir.path, adminToken: TOKEN },
      () => {},
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    dir.remove();
  });

  it("invite → consent → tasks across pages → success → SEQ and SUS; every event stored once, in order, masked", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const emitted = await watchEmitted(page);
    try {
      await doDemoStudy(page, platform.demoInviteUrl);
      await waitForUploads(page);
    } catch (err) {
      await page.screenshot({ path: join(dir.path, "..", "fm-e2e-failure.png") });
      throw err;
    }

    const api = (path: string) =>
      fetch(`${platform.url}/api${path}`, { headers: auth }).then((r) => r.json()) as Promise<any>;
    const sessions = await api(`/studies/${platform.demoStudyId}/sessions`);
    expect(sessions.items).toHaveLength(1);
    const summary = sessions.items[0];
    expect(summary).toMatchObject({ status: "completed", participantLabel: "Demo participant 1" });
    const study = await api(`/studies/${platform.demoStudyId}`);
    const [t1, t2] = study.tasks;
    expect(summary.outcomes).toEqual({ [t1.id]: "success", [t2.id]: "success" });

    const session = await api(`/sessions/${summary.id}`);
    expect(session.attempts).toEqual([
      expect.objectContaining({
        taskId: t1.id,
        outcome: "success",
        seq: 6,
        comment: "The prices were easy to find.",
      }),
      expect.objectContaining({ taskId: t2.id, outcome: "success", seq: 5 }),
    ]);
    expect(session.sus).toEqual([4, 2, 4, 2, 4, 2, 4, 2, 4, 2]);
    expect(JSON.stringify(session)).not.toMatch(/tokenHash/);

    const events = await api(`/sessions/${summary.id}/events`);
    expect(events[0].type).toBe(4); // meta, then the full snapshot, before anything else
    expect(events[1].type).toBe(2);
    const key = (e: { type: number; timestamp: number }) => `${e.type}@${e.timestamp}`;
    expect(events.map(key).sort()).toEqual(emitted.map(key).sort());
    const timestamps = events.map((e: { timestamp: number }) => e.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    const tags = events.filter((e: { type: number }) => e.type === 5).map((e: any) => e.data.tag);
    expect(tags).toEqual(expect.arrayContaining(["fm:nav", "fm:click", "fm:task", "fm:track", "fm:form"]));
    const navs = events
      .filter((e: any) => e.data?.tag === "fm:nav")
      .map((e: any) => new URL(e.data.payload.href).pathname);
    expect(navs).toEqual(
      expect.arrayContaining(["/", "/pricing", "/pricing/business", "/contact", "/thanks"]),
    );
    expect(events.filter((e: { type: number }) => e.type === 2).length).toBeGreaterThanOrEqual(5); // one per page load

    // What was typed is in no stored chunk (read from the object store's files), and page text is masked.
    const chunkFiles = readdirSync(join(dir.path, "s3"), { recursive: true, encoding: "utf8" }).filter(
      (f) => f.includes(summary.id) && f.endsWith("._S3rver_object"),
    );
    expect(chunkFiles.length).toBe(session.recording.chunkCount);
    expect(chunkFiles.length).toBeGreaterThan(1);
    for (const f of chunkFiles) {
      const text = gunzipSync(readFileSync(join(dir.path, "s3", f))).toString("utf8");
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toContain(SECRET_EMAIL);
      expect(text.toLowerCase()).not.toContain("zelda");
      expect(text).not.toContain("Websites that work for your business");
    }
  }, 120_000);
});
