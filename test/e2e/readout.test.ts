import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtReportOver } from "../setup/api";
import { platformAndBrowser } from "../setup/e2e-platform";
import { waitForUploads } from "../setup/participant";

const TOKEN = "e2e-readout-token-0123456789";
const PARTICIPANT_WORDS = "PARTICIPANT-WORDS I think the price is on the home page";
const PROBLEM = "PARTICIPANT-REPORT where is the business plan";
const REVIEWER = "REVIEWER-ONLY they never opened the pricing menu";

/**
 * The readout through the real participant flow: "I'm done" without the success rule met is
 * `claimed` in the API, the sessions list, the report and its CSV; a reviewer's note never
 * shows up among the participants' words (JSON, CSV, Markdown).
 */
describe("readout end to end (headless Chromium)", () => {
  const e2e = platformAndBrowser("fm-e2e-readout-", TOKEN);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${e2e.platform.url}/api${path}`, {
      ...init,
      headers: { ...auth, "content-type": "application/json", ...init.headers },
    });
    return { status: res.status, text: await res.text() };
  };
  const json = async (path: string, init?: RequestInit) => JSON.parse((await api(path, init)).text);

  it("'I'm done' without the rule met is claimed everywhere; reviewer notes are never quotes", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(e2e.platform.demoInviteUrl);
      await page.click('[data-fm="consent-accept"]');
      await page.click('[data-fm="task-start"]');
      await page.click("header >> text=Services"); // never reaches /pricing/business
      await page.waitForLoadState();
      await page.click('[data-fm="report-open"]');
      await page.fill('[data-fm="report-text"]', PROBLEM);
      await page.click('[data-fm="report-send"]');
      await page.click('[data-fm="task-done"]');
      await page.click('[data-fm="seq-3"]');
      await page.fill('[data-fm="task-comment"]', PARTICIPANT_WORDS);
      await page.click('[data-fm="task-next"]');
      await page.click('[data-fm="task-start"]');
      await page.click('[data-fm="task-giveup"]');
      await page.click('[data-fm="seq-1"]');
      await page.click('[data-fm="task-next"]');
      for (let q = 1; q <= 10; q++) await page.click(`[data-fm="sus-${q}-3"]`);
      await page.click('[data-fm="sus-submit"]');
      await waitForUploads(page);
    } catch (err) {
      await page.screenshot({ path: join(e2e.dir.path, "..", "fm-e2e-readout-failure.png") });
      throw err;
    }
    await page.close();

    const study = await json(`/studies/${e2e.platform.demoStudyId}`);
    const [t1, t2] = study.tasks;
    // The API: the attempt and the session summary say claimed.
    const list = await json(`/studies/${e2e.platform.demoStudyId}/sessions`);
    expect(list.items).toHaveLength(1);
    const summary = list.items[0];
    expect(summary.outcomes).toEqual({ [t1.id]: "claimed", [t2.id]: "gave_up" });
    const session = await json(`/sessions/${summary.id}`);
    expect(session.attempts[0]).toMatchObject({ outcome: "claimed", claimedDone: true });
    // Analysis is a queued job: it follows the completion, a little later on a busy machine.
    await expect
      .poll(async () => (await json(`/sessions/${summary.id}`)).analyzedAt, { timeout: 30_000 })
      .toBeTruthy();
    const analysed = await json(`/sessions/${summary.id}`);

    // A reviewer tags a moment inside the first task (where its U-turn was) with a note of their own.
    const inTask = analysed.stepVisits.find((v: any) => v.taskId === t1.id && v.stepId);
    expect(inTask).toBeTruthy();
    const tagged = await api(`/sessions/${summary.id}/annotations`, {
      method: "POST",
      body: JSON.stringify({ t: inTask.enteredAt + 50, tag: "navigation", severity: 2, note: REVIEWER }),
    });
    expect(tagged.status).toBe(201);

    // The report: success counts `success` only; success or claimed counts the claim.
    // The stored journey map, once the worker has rebuilt it with the analysis and the tag.
    const { body: report } = await builtReportOver(e2e.platform.url, TOKEN, e2e.platform.demoStudyId, {
      until: (r) => r.sessions.counted === 1,
    });
    expect(report.sessions).toMatchObject({ total: 1, counted: 1, inProgress: 0 });
    expect(report.tasks[0].outcomes).toMatchObject({ success: 0, claimed: 1 });
    expect(report.tasks[0].successRate).toMatchObject({ successes: 0, n: 1 });
    expect(report.tasks[0].successOrClaimedRate).toMatchObject({ successes: 1, n: 1 });
    const words = JSON.stringify(
      report.tasks.flatMap((t: any) => [t.comments, ...t.steps.map((s: any) => s.participantWords)]),
    );
    expect(words).toContain("PARTICIPANT-WORDS");
    expect(words).toContain("PARTICIPANT-REPORT");
    expect(words).not.toContain("REVIEWER-ONLY");
    expect(JSON.stringify(report)).toContain("REVIEWER-ONLY"); // kept, as a reviewer note

    // The CSV: claimed counted in its column; the note only on a reviewer_note row.
    const csv = (await api(`/studies/${e2e.platform.demoStudyId}/report?format=csv`)).text.split("\r\n");
    const header = (csv[0] ?? "").split(",");
    const taskRow = (csv.find((l) => l.startsWith(`task,${t1.title},`)) ?? "").split(",");
    expect(taskRow[header.indexOf("claimed")]).toBe("1");
    expect(taskRow[header.indexOf("success")]).toBe("0");
    const noteRows = csv.filter((l) => l.includes("REVIEWER-ONLY"));
    expect(noteRows).toHaveLength(1);
    expect(noteRows[0]).toMatch(/^reviewer_note,/);
    expect(csv.filter((l) => l.includes("PARTICIPANT-")).every((l) => l.startsWith("participant_"))).toBe(
      true,
    );

    // The Markdown: quotes are participants' words only; the note is under Reviewer notes.
    const md = (await api(`/studies/${e2e.platform.demoStudyId}/report?format=md`)).text;
    const quotes = md.split("\n").filter((l) => l.startsWith("> "));
    expect(quotes.join("\n")).toContain("PARTICIPANT-WORDS");
    expect(quotes.join("\n")).not.toContain("REVIEWER-ONLY");
    expect(md.slice(md.indexOf("### Reviewer notes"))).toContain("REVIEWER-ONLY");
    expect(md).toContain("claimed 1");

    // The sessions list and the journey map in the reviewer say it in words.
    const reviewer = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await reviewer.goto(e2e.platform.url);
    await reviewer.evaluate((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    await reviewer.goto(`${e2e.platform.url}/studies/${e2e.platform.demoStudyId}/sessions?outcome=claimed`);
    const badge = reviewer.locator('.sessions [data-outcome="claimed"]');
    await badge.waitFor();
    expect(await badge.textContent()).toBe("Said done (unconfirmed)");
    await reviewer.goto(`${e2e.platform.url}/studies/${e2e.platform.demoStudyId}/map`);
    const claimed = reviewer.locator(`.task-map[data-task="${t1.id}"] [data-testid="outcome-claimed"]`);
    await claimed.waitFor();
    expect(await claimed.textContent()).toContain("1");
    const quotesShown = await reviewer.locator(".quotes").allTextContents();
    expect(quotesShown.join(" ")).not.toContain("REVIEWER-ONLY");
    await claimed.click();
    // The list loads after the route changes: wait for its count rather than read the first frame.
    const shown = reviewer.locator('[data-testid="shown-count"]');
    await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toBe("1 session");
    await reviewer.close();
  }, 120_000);

  it("the replay tells the session's story: each task's start and end with its outcome, SEQ and comment", async () => {
    const [summary] = (await json(`/studies/${e2e.platform.demoStudyId}/sessions`)).items;
    if (!summary) throw new Error("the participant run above made no session");
    const session = await json(`/sessions/${summary.id}`);
    const study = await json(`/studies/${e2e.platform.demoStudyId}`);
    const reviewer = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await reviewer.goto(e2e.platform.url);
    await reviewer.evaluate((t) => sessionStorage.setItem("frictionmap:token", t), TOKEN);
    await reviewer.goto(`${e2e.platform.url}/sessions/${summary.id}`);
    await reviewer.waitForSelector('[data-complete="true"]');
    const expected = [
      { outcome: "claimed", words: "Said done (unconfirmed)", seq: 3, comment: PARTICIPANT_WORDS },
      { outcome: "gave_up", words: "Gave up", seq: 1, comment: undefined },
    ];
    for (const [i, want] of expected.entries()) {
      const task = study.tasks[i];
      const attempt = session.attempts.find((a: any) => a.taskId === task.id);
      expect(attempt).toMatchObject({
        outcome: want.outcome,
        startT: expect.any(Number),
        endT: expect.any(Number),
      });
      const start = reviewer.locator(`.moment[data-id="task-start-${task.id}"]`);
      expect(await start.textContent()).toContain(`Task ${i + 1} started`);
      expect(await start.textContent()).toContain(task.title);
      const end = reviewer.locator(`.moment[data-id="task-end-${task.id}"]`);
      expect(await end.getAttribute("data-outcome")).toBe(want.outcome);
      const text = (await end.textContent()) ?? "";
      expect(text).toContain(`Task ${i + 1} ended`);
      expect(text).toContain(want.words);
      expect(text).toContain(`SEQ ${want.seq} of 7`);
      if (want.comment) expect(await end.locator(".moment-quote").textContent()).toBe(want.comment);
      else expect(await end.locator(".moment-quote").count()).toBe(0);
      // The band of the task on the timeline says how it ended.
      const band = reviewer.locator(`.task-span[data-task="${task.id}"]`);
      expect(await band.getAttribute("data-outcome")).toBe(want.outcome);
      expect(await band.textContent()).toContain(want.words);
    }
    expect(await reviewer.locator(".marker.task").count()).toBe(4);
    const report = reviewer.locator(".moment.feedback");
    expect(await report.locator(".moment-quote").textContent()).toBe(PROBLEM);
    // In time order: task 1 starts, the problem report, task 1 ends, task 2 starts and ends.
    const order = await reviewer
      .locator(".moment")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    const [t1, t2] = study.tasks;
    const pos = (id: string) => order.indexOf(id);
    expect(pos(`task-start-${t1.id}`)).toBeLessThan(pos(session.feedback[0].id));
    expect(pos(session.feedback[0].id)).toBeLessThan(pos(`task-end-${t1.id}`));
    expect(pos(`task-end-${t1.id}`)).toBeLessThan(pos(`task-start-${t2.id}`));
    expect(pos(`task-start-${t2.id}`)).toBeLessThan(pos(`task-end-${t2.id}`));
    if (process.env.FM_SHOTS)
      await reviewer.screenshot({ path: join(process.env.FM_SHOTS, "replay-story.png") });
    await reviewer.close();
  }, 60_000);
});
