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
});
