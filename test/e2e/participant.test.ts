import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtReportOver } from "../setup/api";
import { platformAndBrowser } from "../setup/e2e-platform";
import { doDemoStudy, SECRET_EMAIL, SECRET_NAME, waitForUploads, watchEmitted } from "../setup/participant";
import { storedRecording } from "../setup/storage";

const TOKEN = "e2e-admin-token-0123456789";

describe("participant end to end (headless Chromium)", () => {
  const e2e = platformAndBrowser("fm-e2e-", TOKEN);
  const auth = { authorization: `Bearer ${TOKEN}` };

  it("invite → consent → tasks across pages → success → SEQ and SUS; every event stored once, in order, masked", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const readEmitted = await watchEmitted(page);
    let emitted: { type: number; timestamp: number }[] = [];
    try {
      await doDemoStudy(page, e2e.platform.demoInviteUrl);
      await waitForUploads(page);
      emitted = await readEmitted();
    } catch (err) {
      await page.screenshot({ path: join(e2e.dir.path, "..", "fm-e2e-failure.png") });
      throw err;
    }

    const api = (path: string) =>
      fetch(`${e2e.platform.url}/api${path}`, { headers: auth }).then((r) => r.json()) as Promise<any>;
    const sessions = await api(`/studies/${e2e.platform.demoStudyId}/sessions`);
    expect(sessions.items).toHaveLength(1);
    const summary = sessions.items[0];
    expect(summary).toMatchObject({ status: "completed", participantLabel: "Demo participant 1" });
    const study = await api(`/studies/${e2e.platform.demoStudyId}`);
    const [t1, t2] = study.tasks;
    expect(summary.outcomes).toEqual({ [t1.id]: "success", [t2.id]: "success" });

    // Analysed without anyone asking: /complete queued it, the in-process worker runs it.
    const analysedAfterEnd = async () => {
      const s = await api(`/sessions/${summary.id}`);
      return Boolean(s.analyzedAt && s.endedAt && s.analyzedAt >= s.endedAt);
    };
    await expect.poll(analysedAfterEnd, { timeout: 20_000, interval: 200 }).toBe(true);
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
    // Step visits, and the journey map counts the session.
    const visited = new Set(session.stepVisits.map((v: { stepId: string }) => v.stepId));
    expect(visited).toContain(t1.steps[3].id); // Business plan, reached by a client-side route
    expect(visited).toContain(t2.steps[2].id); // Contact form
    const { body: report } = await builtReportOver(e2e.platform.url, TOKEN, e2e.platform.demoStudyId, {
      until: (r) => r.sessions.counted === 1,
    });
    expect(report.sessions).toMatchObject({ total: 1, completed: 1 });
    expect(report.sus.mean).toBe(75);
    expect(report.tasks.map((t: { successRate: { rate: number } }) => t.successRate.rate)).toEqual([1, 1]);
    expect(JSON.stringify(session)).not.toMatch(/tokenHash/);

    const events = await api(`/sessions/${summary.id}/events`);
    expect(events[0].type).toBe(4); // meta, then the full snapshot, before anything else
    expect(events[1].type).toBe(2);
    const key = (e: { type: number; timestamp: number }) => `${e.type}@${e.timestamp}`;
    const storedKeys = new Set(events.map(key));
    const missing = emitted.filter((e) => !storedKeys.has(key(e)));
    expect(missing, JSON.stringify(missing)).toEqual([]);
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

    // What was typed is in no stored object (read from the object store's files: gzip chunks,
    // or brotli segments once the finished session is compacted); page text is readable.
    const { texts } = storedRecording(e2e.dir.path, summary.id);
    expect(session.recording.chunkCount).toBeGreaterThan(1);
    expect(texts.length).toBeGreaterThan(0);
    let all = "";
    for (const text of texts) {
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toContain(SECRET_EMAIL);
      expect(text.toLowerCase()).not.toContain("zelda");
      expect(text).not.toContain("#fm=");
      all += text;
    }
    expect(all).toContain("Websites that work for your business");
    expect(all).toContain("From €4,800: up to 20 pages");
  }, 120_000);

  it("is inert for ordinary visitors: no request, no storage, track() is a no-op", async () => {
    const page = await e2e.browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${e2e.platform.demoUrl}/pricing`);
    await page.click("text=Business");
    await page.evaluate(() => window.frictionmap?.track("quote_sent"));
    await page.waitForTimeout(1500);
    const platformRequests = requests.filter((u) => u.startsWith(e2e.platform.url));
    expect(platformRequests).toEqual([`${e2e.platform.url}/recorder.js`]);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.evaluate(() => typeof window.frictionmap?.track)).toBe("function");
    await page.close();
  });

  it("records single-page navigations: pushState, popstate and hashchange", async () => {
    const [invite] = (
      await fetch(`${e2e.platform.url}/api/studies/${e2e.platform.demoStudyId}/invites`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ count: 1, label: "SPA" }),
      }).then((r) => r.json() as Promise<{ invites: { url: string }[] }>)
    ).invites;
    const page = await e2e.browser.newPage();
    await page.goto(invite?.url ?? "");
    await page.click('[data-fm="consent-accept"]');
    await page.waitForSelector('[data-fm="task-start"]');
    await page.click('[data-fm="task-start"]');
    await page.click("header >> text=Pricing");
    await page.waitForSelector('[data-fm="task-done"]'); // the recorder is running on this page
    await page.click("text=Starter");
    await page.click("text=Business");
    await page.waitForSelector('[data-fm="seq-3"]'); // success by a client-side route
    await page.goBack();
    await page.evaluate(() => {
      location.hash = "plans";
    });
    const sessions = await fetch(`${e2e.platform.url}/api/studies/${e2e.platform.demoStudyId}/sessions`, {
      headers: auth,
    }).then((r) => r.json() as Promise<{ items: { id: string; participantLabel: string }[] }>);
    const id = sessions.items.find((x) => x.participantLabel === "SPA")?.id;
    let kinds: string[] = [];
    for (let i = 0; i < 60 && !(kinds.includes("pop") && kinds.includes("hash")); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const events = await fetch(`${e2e.platform.url}/api/sessions/${id}/events`, { headers: auth }).then(
        (r) => r.json() as Promise<any[]>,
      );
      kinds = events.filter((e) => e.data?.tag === "fm:nav").map((e) => `${e.data.payload.kind}`);
    }
    expect(kinds).toEqual(expect.arrayContaining(["load", "push", "pop", "hash"]));
    await page.close();
  });
});
