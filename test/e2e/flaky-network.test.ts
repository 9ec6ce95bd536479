import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "../setup/browser";
import { startFlakyProxy } from "../setup/flaky-proxy";
import { doDemoStudy, waitForUploads, watchEmitted } from "../setup/participant";
import { freePort, tempDir } from "../setup/storage";

const TOKEN = "flaky-admin-token-0123456789";

describe("recording through an unreliable API (half the requests fail, 10 s down)", () => {
  const dir = tempDir("fm-flaky-");
  let platform: LocalPlatform;
  let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
  let browser: Browser;

  beforeAll(async () => {
    const proxyPort = await freePort();
    platform = await startLocalPlatform(
      {
        port: 0,
        demoPort: 0,
        dataDir: dir.path,
        adminToken: TOKEN,
        publicUrl: `http://localhost:${proxyPort}`,
      },
      () => {},
    );
    // Participants reach the platform through the proxy: invite links and handoffs use its URL.
    proxy = await startFlakyProxy({
      port: proxyPort,
      target: `http://127.0.0.1:${platform.port}`,
      failRate: 0.5,
      seed: 7,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await platform?.stop();
    dir.remove();
  });

  it("loses nothing and stores nothing twice", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const readEmitted = await watchEmitted(page);
    setTimeout(() => proxy.down(10_000), 2500);
    await doDemoStudy(page, platform.demoInviteUrl);
    await waitForUploads(page, 90_000);
    const emitted = await readEmitted();

    const auth = { authorization: `Bearer ${TOKEN}` };
    const api = (path: string) =>
      fetch(`http://127.0.0.1:${platform.port}/api${path}`, { headers: auth }).then((r) =>
        r.json(),
      ) as Promise<any>;
    const [summary] = (await api(`/studies/${platform.demoStudyId}/sessions`)).items;
    expect(summary.status).toBe("completed");
    const events = (await api(`/sessions/${summary.id}/events`)) as { type: number; timestamp: number }[];
    const key = (e: { type: number; timestamp: number }) => `${e.type}@${e.timestamp}`;
    expect(events.map(key).sort()).toEqual(emitted.map(key).sort());
    const session = await api(`/sessions/${summary.id}`);
    expect(session.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(["success", "success"]);

    // The faults really happened, on both sides of the platform.
    expect(proxy.stats.failedBefore).toBeGreaterThan(2);
    expect(proxy.stats.failedAfter).toBeGreaterThan(2);
    expect(proxy.stats.refusedWhileDown).toBeGreaterThan(0);
  }, 180_000);

  it("an outage: each chunk written to storage once, the queue under its cap, and the drop on the timeline", async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const api = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${platform.port}/api${path}`, {
        headers: auth,
        ...(body ? { method: "POST", body: JSON.stringify(body) } : {}),
      }).then((r) => r.json()) as Promise<any>;
    const [invite] = (await api(`/studies/${platform.demoStudyId}/invites`, { count: 1, label: "Outage" }))
      .invites;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Every write to a pending-chunk key, and the most the pending keys ever held at once.
    await page.addInitScript(() => {
      const w = window as unknown as { fmWrites: Record<string, number>; fmMaxPending: number };
      w.fmWrites = {};
      w.fmMaxPending = 0;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        setItem.call(this, key, value);
        if (!key.startsWith("frictionmap:pending:")) return;
        w.fmWrites[key] = (w.fmWrites[key] ?? 0) + 1;
        let held = 0;
        for (const k of Object.keys(this))
          if (k.startsWith("frictionmap:pending:")) held += this.getItem(k)?.length ?? 0;
        w.fmMaxPending = Math.max(w.fmMaxPending, held);
      };
    });
    await page.goto(invite.url);
    await page.click('[data-fm="consent-accept"]');
    await page.waitForSelector('[data-fm="task-start"]');
    await page.click('[data-fm="task-start"]');
    await page.waitForSelector('[data-fm="task-done"]');

    // The API is down for the recording's chunks; the page changes fast, in text gzip cannot shrink.
    let refused = 0;
    await page.route("**/chunks/**", (route) => {
      refused++;
      return route.fulfill({ status: 503, body: "" });
    });
    await page.evaluate(() => {
      const noise = () => {
        const bytes = crypto.getRandomValues(new Uint8Array(48 * 1024));
        let text = "";
        for (const b of bytes) text += String.fromCharCode(b);
        return btoa(text);
      };
      const box = document.createElement("div");
      document.body.append(box);
      let n = 0;
      const timer = setInterval(() => {
        box.setAttribute("data-noise", noise());
        if (++n >= 80) clearInterval(timer); // 8 s, ~4 MB of attribute text
      }, 100);
    });
    const cap = 2 * 1024 * 1024;
    await page.waitForTimeout(14_000);
    const outage = await page.evaluate(() => {
      const w = window as unknown as { fmWrites: Record<string, number>; fmMaxPending: number };
      return { writes: Object.values(w.fmWrites), maxPending: w.fmMaxPending };
    });
    expect(refused).toBeGreaterThan(0);
    expect(outage.writes.length).toBeGreaterThan(8); // chunks waited
    expect(new Set(outage.writes)).toEqual(new Set([1])); // each written once, however long the queue
    expect(outage.maxPending).toBeLessThanOrEqual(cap);
    expect(outage.maxPending).toBeGreaterThan(cap / 2);

    // The API is back: what was kept arrives, with what was dropped said on the timeline.
    await page.unroute("**/chunks/**");
    await page.click('[data-fm="task-done"]');
    await page.waitForFunction(
      () => !Object.keys(sessionStorage).some((k) => k.startsWith("frictionmap:pending:")),
      undefined,
      { timeout: 90_000, polling: 200 },
    );
    const sessions = await api(`/studies/${platform.demoStudyId}/sessions`);
    const summary = sessions.items.find(
      (s: { participantLabel?: string }) => s.participantLabel === "Outage",
    );
    const events = (await api(`/sessions/${summary.id}/events`)) as {
      type: number;
      timestamp: number;
      data: { tag?: string; payload?: { chunks: number; events: number; bytes: number } };
    }[];
    const drops = events.filter((e) => e.type === 5 && e.data.tag === "fm:dropped");
    expect(drops.length).toBeGreaterThan(0);
    for (const d of drops) {
      expect(d.data.payload?.chunks).toBeGreaterThan(0);
      expect(d.data.payload?.events).toBeGreaterThan(0);
      expect(d.data.payload?.bytes).toBeGreaterThan(0);
    }
    // A full snapshot follows the gap, so the replay goes on from there.
    const firstDrop = drops[0]?.timestamp ?? 0;
    expect(events.some((e) => e.type === 2 && e.timestamp >= firstDrop)).toBe(true);
    await page.close();
  }, 150_000);
});
