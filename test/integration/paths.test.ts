import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import type { Deps } from "../../functions/src/ports";
import { analyzeSession } from "../../functions/src/services/analysis";
import type { SessionView, TaskPaths } from "../../web/src/api/types";
import { hopNumber } from "../../web/src/components/path-flow";
import { filterSessions } from "../../web/src/state/session-filter";
import { type Step, scriptedEvents } from "../fixtures/scripted-session";
import { client, seedSession } from "../setup/api";
import { storeDemoStudy } from "../setup/reviewer-platform";
import { embeddedStorage, testDeps } from "../setup/storage";

/**
 * Paths (issue 14, item 5): on a seeded study whose stories are known, every route the
 * paths view shows is counted exactly as often as participants took it, pages outside the
 * steps are grouped with their ids collapsed, and every link of the flow lists exactly as
 * many sessions as its number (the sessions list's own filter, as the reviewer applies it).
 */
describe("paths participants took", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let api: ReturnType<typeof client>;
  let find: TaskPaths;
  let quote: TaskPaths;
  let sessions: SessionView[];
  /** What each story's route is, in words, written by hand: the oracle. */
  const told: string[] = [];

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    api = client(createApp(deps));
    const study = await storeDemoStudy(deps);
    const [t1, t2] = study.tasks.map((t) => t.id) as [string, string];
    const stories: [string, "completed" | "active", Step[], string][] = [
      [
        "Straight",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [900, "nav", "/services"],
          [1500, "nav", "/pricing"],
          [3000, "nav", "/pricing/business"],
          [3100, "end", 0, t1, "success"],
        ],
        "Home > Services > Pricing > Business plan > Succeeded",
      ],
      [
        "Straight too",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [900, "nav", "/services/web"],
          [1000, "nav", "/services"], // still Services: not a move
          [1500, "nav", "/pricing"],
          [3000, "nav", "/pricing/business"],
          [3100, "end", 0, t1, "success"],
        ],
        "Home > Services > Pricing > Business plan > Succeeded",
      ],
      [
        "Via orders",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [800, "nav", "/orders/123"],
          [1200, "nav", "/orders/456"], // the same page pattern: one place
          [1500, "nav", "/pricing"],
          [3000, "nav", "/pricing/business"],
          [3100, "end", 0, t1, "success"],
        ],
        "Home > /orders/:id > Pricing > Business plan > Succeeded",
      ],
      [
        "Orders again",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [800, "nav", "/orders/9f8e7d6c5b4a"],
          [1500, "nav", "/pricing"],
          [2500, "nav", "/about"],
          [4000, "end", 0, t1, "gave_up"],
        ],
        "Home > /orders/:id > Pricing > /about > Did not succeed",
      ],
      [
        "Back and forth",
        "completed",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
          [900, "nav", "/services"],
          [1400, "nav", "/"],
          [2000, "nav", "/pricing"],
          [4000, "end", 0, t1, "claimed"],
        ],
        "Home > Services > Home > Pricing > Did not succeed",
      ],
      [
        "Still going",
        "active",
        [
          [100, "start", 0, t1],
          [200, "nav", "/"],
        ],
        "",
      ],
      ["Consent only", "completed", [], ""],
    ];
    const start = Date.now() - 60_000;
    for (const [label, status, script, route] of stories) {
      const chunks = script.length ? [scriptedEvents(start, script)] : [];
      const s = await seedSession(deps, study.id, chunks, label);
      if (status !== "active")
        await deps.sessions.update(s.id, { status, endedAt: new Date().toISOString() });
      await analyzeSession(deps, s.id);
      if (route) told.push(route);
    }
    // The second task: one quote sent, by the expected path.
    const q = await seedSession(
      deps,
      study.id,
      [
        scriptedEvents(start, [
          [100, "start", 1, t2],
          [200, "nav", "/"],
          [800, "nav", "/services"],
          [1500, "nav", "/contact"],
          [3000, "track", "quote_sent"],
          [3100, "end", 1, t2, "success"],
        ]),
      ],
      "Quote",
    );
    await deps.sessions.update(q.id, { status: "completed", endedAt: new Date().toISOString() });
    await analyzeSession(deps, q.id);

    const res = await api.get(`/api/studies/${study.id}/paths`);
    expect(res.status).toBe(200);
    [find, quote] = res.json.tasks;
    sessions = (await api.get(`/api/studies/${study.id}/sessions?limit=200`)).json.items;
  });
  afterAll(async () => storage?.stop());

  it("counts each route as often as the participants took it", () => {
    const byRoute = (routes: string[]) => {
      const out: Record<string, number> = {};
      for (const r of routes) out[r] = (out[r] ?? 0) + 1;
      return out;
    };
    const shown = Object.fromEntries(find.routes.map((r) => [r.labels.join(" > "), r.count]));
    expect(shown).toEqual(byRoute(told));
    expect(find.attempts).toBe(5); // the session in progress and the consent-only one are left out
    expect(find.routes[0]).toMatchObject({ count: 2, expected: true });
    const straight = find.routes.find((r) => r.labels[1] === "Services" && r.labels[2] === "Pricing");
    expect(straight?.places.at(-1)).toBe("x:success");
    expect(quote?.routes).toMatchObject([
      { count: 1, expected: true, labels: ["Home", "Services", "Contact form", "Sent", "Succeeded"] },
    ]);
  });

  it("every link of the flow lists exactly the sessions it counts", () => {
    expect(find.links.length).toBeGreaterThan(8);
    for (const task of [find, quote] as TaskPaths[]) {
      for (const link of task.links) {
        const listed = filterSessions(sessions, hopNumber(task, link).filters).map((s) => s.id);
        expect({ link: `${link.from} → ${link.to}`, ids: listed.sort() }).toEqual({
          link: `${link.from} → ${link.to}`,
          ids: [...link.sessionIds].sort(),
        });
        expect(listed.length).toBe(link.count);
      }
      for (const r of task.routes) {
        const f = { standing: "counted" as const, task: task.taskId, route: r.places.join(">") };
        expect(filterSessions(sessions, f).length).toBe(r.count);
      }
    }
    // Moves out of a node add up to the attempts at it that went on.
    const home = find.nodes.find((n) => n.id === `0|${find.expected[0]?.place}`);
    expect(home?.count).toBe(5);
    const out = find.links.filter((l) => l.from === home?.id).reduce((n, l) => n + l.count, 0);
    expect(out).toBe(5);
  });

  it("is served schema-first and refuses a bad task id", async () => {
    const studyId = sessions[0]?.studyId;
    expect((await api.get(`/api/studies/${studyId}/paths?task=nope`)).status).toBe(400);
    const one = await api.get(`/api/studies/${studyId}/paths?task=${quote.taskId}`);
    expect(one.json.tasks.map((t: TaskPaths) => t.taskId)).toEqual([quote.taskId]);
    const doc = (await api.get("/api/openapi.json")).json;
    expect(doc.paths["/api/studies/{id}/paths"].get.responses["200"]).toBeTruthy();
  });
});
