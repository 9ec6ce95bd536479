import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeRecording } from "../../functions/src/domain/analysis/analyze";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { type Site, serveSite } from "../fixtures/scenarios/sites";
import { launchChromium } from "../setup/browser";
import { storedRecording, tempDir } from "../setup/storage";

const TOKEN = "e2e-privacy-token-0123456789";
const SECRET = "Quasimodo Zelda 4471";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
/** Every form the secret could take in a stored chunk. */
function encodings(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const forms = [secret, url, url.replace(/%20/g, "+"), secret.replace(/ /g, "+")];
  return [...forms, ...forms.map(b64), ...forms.map((f) => b64(f).replace(/=+$/, ""))];
}

describe("what a recording keeps (headless Chromium, the shipped recorder.js)", () => {
  const dir = tempDir("fm-e2e-privacy-");
  let platform: LocalPlatform;
  let browser: Browser;
  let shop: Site;
  const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const api = async (path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${platform.url}/api${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: auth,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.json();
  };

  beforeAll(async () => {
    platform = await startLocalPlatform(
      { port: 0, demoPort: 0, dataDir: dir.path, adminToken: TOKEN },
      () => {},
    );
    shop = await serveSite("shop", `${platform.url}/recorder.js`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await platform?.stop();
    dir.remove();
  });

  /** A live study on the shop with one task starting at `path`, and a page that consented and started it. */
  async function startTask(path: string) {
    const study = await api("/studies", {
      name: `Privacy ${path}`,
      origins: [shop.origin],
      status: "live",
      tasks: [
        {
          title: "Look around",
          instructions: "Find something.",
          startUrl: `${shop.origin}${path}`,
          question: "none",
          steps: [],
        },
      ],
    });
    const { invites } = await api(`/studies/${study.id}/invites`, { count: 1 });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const handoffs: string[] = [];
    page.on("framenavigated", (f) => {
      if (f.url().includes("#fm=")) handoffs.push(f.url().split("#fm=")[1] ?? "");
    });
    await page.goto(invites[0].url);
    await page.click('[data-fm="consent-accept"]');
    await page.click('[data-fm="task-start"]');
    await page.waitForSelector('[data-fm="task-done"]');
    return { study, page, handoffs };
  }

  /** Seals and sends the last batch (as a closing tab does), then reads every stored chunk file. */
  async function storedChunks(page: Page, studyId: string) {
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    await page.waitForFunction(
      () => !Object.keys(sessionStorage).some((k) => k.startsWith("frictionmap:pending:")),
      undefined,
      {
        polling: 100,
      },
    );
    const sessions = await api(`/studies/${studyId}/sessions`);
    const id: string = sessions.items[0].id;
    return { id, ...storedRecording(dir.path, id) };
  }

  it("a secret sent with a GET form is in no stored chunk in any encoding; no #fm=; page text readable; a triple click is not rage", async () => {
    const { study, page, handoffs } = await startTask("/search-form");
    await page.click("#q");
    await page.keyboard.type(SECRET, { delay: 20 });
    await page.keyboard.press("Enter");
    await page.waitForURL(/results\?q=/);
    expect(await page.textContent("#echo")).toContain(SECRET); // the site echoes it: page text, title, link, field
    await page.click("#next-page");
    await page.waitForURL(/page=2/);
    await page.click("#nav-home");
    await page.waitForURL((u) => u.pathname === "/");
    const box = await page.locator("#intro").boundingBox();
    if (!box) throw new Error("no paragraph");
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    for (let n = 1; n <= 3; n++) {
      await page.mouse.down({ clickCount: n });
      await page.mouse.up({ clickCount: n });
    }
    expect(await page.evaluate(() => getSelection()?.toString().length ?? 0)).toBeGreaterThan(40);
    await page.waitForTimeout(1500);
    await page.click('[data-fm="task-done"]');
    const { texts, events } = await storedChunks(page, study.id);
    await page.close();

    expect(texts.length).toBeGreaterThan(0);
    const token = JSON.parse(Buffer.from(handoffs[0] ?? "", "base64url").toString("utf8")).k as string;
    expect(token.length).toBeGreaterThan(20);
    for (const text of texts) {
      for (const form of encodings(SECRET)) expect(text).not.toContain(form);
      expect(text).not.toContain("#fm=");
      expect(text).not.toContain(handoffs[0]);
      expect(text).not.toContain(token);
    }
    const all = texts.join("");
    expect(all).toContain("Delivery takes two to four working days"); // page text as the participant saw it
    expect(all).toContain("Gift cards");
    expect(all).toContain("results?q=redacted&page=redacted");

    const clicks = events.filter((e: any) => e.data?.tag === "fm:click").map((e: any) => e.data.payload);
    expect(clicks.some((c) => c.selector === "#intro" && c.selected === true && c.clicks === 3)).toBe(true);
    const { signals } = analyzeRecording(events, study);
    expect(signals.filter((s) => s.kind === "rage_click" || s.kind === "dead_click")).toEqual([]);
  }, 90_000);

  it("a site that throws inside the recorder's hooks keeps working, and so does the recording", async () => {
    const { study, page } = await startTask("/hostile");
    await page.click("#break"); // from now on the page throws inside our hooks (and breaks getComputedStyle)
    // The site's own pushState error still reaches the site; nothing of ours does.
    expect(await page.textContent("#out")).toBe("console ok, push DataCloneError");
    await page.click("#after");
    expect(await page.textContent("#out2")).toBe("Clicked and still working");
    await page.waitForTimeout(300);
    const { events } = await storedChunks(page, study.id);
    await page.close();
    const custom = events.filter((e: any) => e.type === 5).map((e: any) => e.data);
    expect(custom.some((d: any) => d.tag === "fm:click" && d.payload.selector === "#after")).toBe(true);
    expect(
      custom.some((d: any) => d.tag === "fm:error" && /site click handler failed/.test(d.payload.message)),
    ).toBe(true);
    expect(custom.some((d: any) => d.tag === "fm:error" && d.payload.message === "[unprintable]")).toBe(true);
    // rrweb goes on too: the page's change is in the stream, readable.
    const mutations = JSON.stringify(events.filter((e: any) => e.type === 3 && e.data.source === 0));
    expect(mutations).toContain("Clicked and still working");
  }, 60_000);

  it("the demo's planted friction: a service card that looks clickable and is not is a dead click, its label readable", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(platform.demoInviteUrl);
    await page.click('[data-fm="consent-accept"]');
    await page.click('[data-fm="task-start"]');
    await page.click("header >> text=Services");
    await page.waitForURL(/services/);
    await page.click('[data-testid="card-design"] h3');
    await page.waitForTimeout(3200);
    await page.click('[data-fm="task-done"]'); // the recording goes on past the click's 2.5 s window
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    await page.waitForFunction(
      () => !Object.keys(sessionStorage).some((k) => k.startsWith("frictionmap:pending:")),
      undefined,
      {
        polling: 100,
      },
    );
    await page.close();
    const sessions = await api(`/studies/${platform.demoStudyId}/sessions`);
    const events = await api(`/sessions/${sessions.items[0].id}/events`);
    const study = await api(`/studies/${platform.demoStudyId}`);
    const { signals } = analyzeRecording(events, study);
    expect(signals).toContainEqual(
      expect.objectContaining({
        kind: "dead_click",
        target: expect.objectContaining({ selector: '[data-testid="card-design"]' }),
      }),
    );
    expect(JSON.stringify(events)).toContain("A new website, designed around your customers.");
  }, 60_000);
});
