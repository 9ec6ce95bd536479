import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "../setup/browser";
import { doDemoStudy, SECRET_EMAIL, SECRET_NAME, waitForUploads, watchEmitted } from "../setup/participant";
import { tempDir } from "../setup/storage";

const TOKEN = "e2e-admin-token-0123456789";

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
