import { describe, expect, it } from "vitest";
import { PANEL_INSTRUCTIONS, PANEL_TITLE, panelHarness, panelStudy } from "../setup/panel-site";
import { waitForUploads } from "../setup/participant";
import { storedRecording } from "../setup/storage";

type Ev = { type: number; timestamp: number; data?: any };

describe("the task panel is never recorded (headless Chromium)", () => {
  const h = panelHarness("e2e-panel");
  const api = h.api;

  it("keeps the panel out of every chunk; an idle timed task records no mutation; a dead button is a dead click; 'I'm done' is claimed", async () => {
    const study = await api("/studies", panelStudy(h.site.url, false));
    const [invite] = (await api(`/studies/${study.id}/invites`, { count: 1, label: "Panel" })).invites;
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(invite.url);
    await page.click('[data-fm="consent-accept"]');
    await page.click('[data-fm="task-start"]');
    await page.waitForSelector("text=Time left");
    // Idle with the countdown running, the pointer resting on the panel.
    await page.hover('[data-fm="task-done"]');
    await page.waitForTimeout(4500);
    const idleEnd = Date.now();
    await page.click("#dead");
    await page.waitForTimeout(3000); // longer than the dead-click window: nothing answers
    const panelBox = await page.locator('[data-fm="task-done"]').boundingBox();
    await page.click('[data-fm="task-done"]');
    await page.click('[data-fm="seq-3"]');
    await page.fill('[data-fm="task-comment"]', "The discount did nothing.");
    await page.click('[data-fm="task-next"]');
    await page.waitForSelector("text=Thank you!");
    await waitForUploads(page);
    await page.close();

    const sessions = await api(`/studies/${study.id}/sessions`);
    const id = sessions.items[0].id as string;
    const events = (await api(`/sessions/${id}/events`)) as Ev[];
    const task = events.filter((e) => e.type === 5 && e.data.tag === "fm:task");
    expect(task.map((e) => e.data.payload)).toEqual([
      expect.objectContaining({ action: "start" }),
      expect.objectContaining({ action: "end", outcome: "claimed" }),
    ]);

    // No node, mutation or text of the panel in any stored chunk (read from the object store).
    const { texts } = storedRecording(h.dir, id);
    expect(texts.length).toBeGreaterThan(0);
    const stored = texts.join("\n");
    for (const text of [
      PANEL_TITLE,
      PANEL_INSTRUCTIONS,
      "Time left",
      "give up",
      "data-fm-panel",
      "task-done",
    ]) {
      expect(stored, text).not.toContain(text);
    }
    expect(stored).toContain('"id":"dead"'); // the page itself is recorded
    expect(stored).not.toContain("isShadowHost"); // the panel's host is the page's only shadow host

    // From the task's start to the dead click: not a single DOM mutation (the countdown ticked 4 times).
    const started = task[0]?.timestamp ?? 0;
    const mutations = events.filter(
      (e) => e.type === 3 && e.data.source === 0 && e.timestamp > started && e.timestamp < idleEnd,
    );
    expect(mutations).toEqual([]);
    // No pointer event over the panel: not the hover, not the clicks on its buttons.
    const box = panelBox ?? { x: 0, y: 0, width: 0, height: 0 };
    const inside = (x: number, y: number) =>
      x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
    const pointer = events.flatMap((e) =>
      e.type !== 3
        ? []
        : e.data.source === 2
          ? [{ x: e.data.x as number, y: e.data.y as number }]
          : e.data.source === 1
            ? (e.data.positions as { x: number; y: number }[])
            : [],
    );
    expect(pointer.length).toBeGreaterThan(0);
    expect(pointer.filter((p) => inside(p.x, p.y))).toEqual([]);
    // The comment typed into the panel is no input event of the page (the page has no field).
    const typed = events.filter((e) => (e.type === 3 && e.data.source === 5) || e.data?.tag === "fm:form");
    expect(typed).toEqual([]);

    // The analysis sees the dead button; the attempt says what the participant said.
    // Analysed after the end (/complete queues it; an earlier debounced run does not count).
    const analysedAfterEnd = async () => {
      const s = await api(`/sessions/${id}`);
      return Boolean(s.analyzedAt && s.endedAt && s.analyzedAt >= s.endedAt);
    };
    await expect.poll(analysedAfterEnd, { timeout: 20_000, interval: 200 }).toBe(true);
    const session = await api(`/sessions/${id}`);
    expect(session.attempts).toEqual([
      expect.objectContaining({ outcome: "claimed", seq: 3, comment: "The discount did nothing." }),
    ]);
    const dead = session.signals.filter((s: { kind: string }) => s.kind === "dead_click");
    expect(dead.map((s: { target?: unknown }) => s.target)).toEqual([
      expect.objectContaining({ selector: "#dead" }),
    ]);
  }, 90_000);
});
