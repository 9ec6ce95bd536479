import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import type { Deps } from "../../functions/src/ports";
import { analyzeSession } from "../../functions/src/services/analysis";
import type { SessionView, StudyReport } from "../../web/src/api/types";
import { allMapNumbers } from "../../web/src/state/journey-links";
import { filterSessions } from "../../web/src/state/session-filter";
import { type Step, scriptedEvents } from "../fixtures/scripted-session";
import { builtReport, client, seedSession } from "../setup/api";
import { storeDemoStudy } from "../setup/reviewer-platform";
import { embeddedStorage, testDeps } from "../setup/storage";

/**
 * Item 3 of the readout: every number of the journey map links to a sessions list holding
 * exactly that many sessions. A seeded demo study with every outcome kind, a session in
 * progress and one that only consented, analysed by the real analysis over stored chunks.
 */
describe("journey map numbers and the lists they link to", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let queue: ReturnType<typeof testDeps>["queue"];
  let api: ReturnType<typeof client>;
  let report: StudyReport;
  let sessions: SessionView[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps, queue } = testDeps(storage.config));
    api = client(createApp(deps));
    const study = await storeDemoStudy(deps);
    const [t1, t2] = study.tasks.map((t) => t.id) as [string, string];
    const find: Step[] = [
      [100, "start", 0, t1],
      [200, "nav", "/"],
      [1500, "nav", "/pricing"],
      [3000, "nav", "/pricing/business"],
      [3100, "end", 0, t1, "success"],
    ];
    const quote = (end: "success" | "gave_up"): Step[] => [
      [4000, "start", 1, t2],
      [4100, "nav", "/"],
      [5000, "nav", "/contact"],
      ...(end === "success"
        ? ([[7000, "track", "quote_sent"]] as Step[])
        : ([
            [6000, "error", "TypeError: form is undefined"],
            [6500, "move"],
          ] as Step[])),
      [7100, "end", 1, t2, end],
    ];
    const stories: [string, "completed" | "abandoned" | "active", Step[]][] = [
      ["Success", "completed", [...find, ...quote("success")]],
      [
        "Claimed",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [1500, "nav", "/services"],
          [4000, "end", 0, t1, "claimed"],
        ],
      ],
      [
        "Gave up",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [1000, "nav", "/pricing"],
          [2000, "click", "#compare", 400, 300],
          [2200, "click", "#compare", 402, 301],
          [2400, "click", "#compare", 401, 300],
          [2450, "error", "ReferenceError: compare is not defined"],
          [5000, "end", 0, t1, "gave_up"],
        ],
      ],
      [
        "Timed out",
        "abandoned",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [1000, "nav", "/services"],
          [3000, "move"],
          [6000, "end", 0, t1, "timed_out"],
        ],
      ],
      [
        "Abandoned",
        "abandoned",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [1000, "nav", "/services"],
          [2000, "nav", "/about"],
          [2500, "error", "Error: map failed"],
          [3000, "move"],
        ],
      ],
      ["Consent only", "abandoned", []],
      [
        "Still going",
        "active",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
        ],
      ],
      ["Second try", "completed", [...find, ...quote("gave_up")]],
    ];
    const start = Date.now() - 60_000;
    for (const [label, status, script] of stories) {
      const chunks = script.length ? [scriptedEvents(start, script)] : [];
      const s = await seedSession(deps, study.id, chunks, label);
      if (status !== "active")
        await deps.sessions.update(s.id, { status, endedAt: new Date().toISOString() });
      await analyzeSession(deps, s.id);
      ids[label] = s.id;
    }
    // A reviewer tags the rage click (one moment, ranked once) and notes something on another.
    const gaveUp = (await api.get(`/api/sessions/${ids["Gave up"]}`)).json;
    const rage = gaveUp.signals.find((x: { kind: string }) => x.kind === "rage_click");
    const tag = await api.post(`/api/sessions/${ids["Gave up"]}/annotations`, {
      t: rage.t,
      tag: "bug",
      severity: 3,
      note: "Compare does nothing",
      signalId: rage.id,
    });
    expect(tag.status).toBe(201);
    const note = await api.post(`/api/sessions/${ids.Claimed}/annotations`, {
      t: 1600,
      tag: "navigation",
      severity: 2,
      note: "Looked for prices in services",
    });
    expect(note.status).toBe(201);

    // The stored journey map, once the worker has rebuilt it after the analyses and tags.
    report = (await builtReport(api, queue, study.id)).json;
    sessions = (await api.get(`/api/studies/${study.id}/sessions?limit=200`)).json.items;
  });
  afterAll(async () => storage?.stop());

  it("the seeded study has every outcome kind, one session in progress and one not started", () => {
    expect(report.sessions).toMatchObject({ total: 8, counted: 6, inProgress: 1, notStarted: 1 });
    expect(report.tasks[0]?.outcomes).toEqual({
      success: 2,
      claimed: 1,
      gave_up: 1,
      timed_out: 1,
      abandoned: 1,
      in_progress: 0,
    });
    expect(report.tasks[0]?.successRate).toMatchObject({ successes: 2, n: 6 });
    expect(report.tasks[0]?.successOrClaimedRate).toMatchObject({ successes: 3, n: 6 });
    expect(report.tasks[1]?.outcomes).toMatchObject({ success: 1, gave_up: 1 });
    const home = report.tasks[0]?.steps[0];
    expect(home).toMatchObject({ name: "Home", reached: 6 });
    const names = report.friction.map((f) => `${f.source}:${f.kind}`);
    expect(names).toContain("annotation:bug");
    expect(names).not.toContain("signal:rage_click"); // it was tagged: ranked once, as the tag
  });

  it("every number on the map has a list with exactly that many sessions", () => {
    const numbers = allMapNumbers(report);
    const checked = numbers.map(({ label, n }) => [label, filterSessions(sessions, n.filters).length]);
    expect(checked).toEqual(numbers.map(({ label, n }) => [label, n.count]));
    // Not a vacuous check: the map has many numbers, most of them not zero.
    expect(numbers.length).toBeGreaterThan(40);
    expect(numbers.filter(({ n }) => n.count > 0).length).toBeGreaterThan(20);
    const labels = numbers.map((x) => x.label);
    for (const l of [
      "Pricing: dropped",
      "Services: dropped",
      "Contact form: dropped",
      "Pricing: rage_click",
    ]) {
      expect(labels).toContain(l);
    }
  });

  it("dropped here counts every unsuccessful ending in that step, not only gave_up", () => {
    const [t1] = report.tasks;
    const step = (name: string) => t1?.steps.find((s) => s.name === name);
    expect(step("Services")?.droppedOff).toBe(3); // claimed, timed out, abandoned
    expect(step("Pricing")?.droppedOff).toBe(1); // gave up
    expect(step("Business plan")?.droppedOff).toBe(0);
  });
});
