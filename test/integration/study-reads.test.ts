import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import type { Study } from "../../functions/src/domain/study";
import type { Deps } from "../../functions/src/ports";
import { seedAnalyzedSession, syntheticRecording } from "../fixtures/synthetic-session";
import { client } from "../setup/api";
import { storeDemoStudy } from "../setup/reviewer-platform";
import { embeddedStorage, testDeps } from "../setup/storage";

/** Every call the request makes on the stores, as "store.method" (the real stores, counted). */
function counted(deps: Deps) {
  const calls: string[] = [];
  const wrapped = { ...deps } as Record<string, unknown>;
  for (const [name, store] of Object.entries(deps)) {
    if (typeof store !== "object" || store === null || Array.isArray(store)) continue;
    wrapped[name] = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(prop)}`);
          return v.apply(target, args);
        };
      },
    });
  }
  return { deps: wrapped as unknown as Deps, calls };
}

/**
 * Item 3 of the AWS issue: the notes export and "make a reel from friction" read a whole
 * study inside a request, so they read only indexed listings (a fixed number of queries),
 * never a read per session and never a recording object: the same calls for 2 sessions as
 * for 6.
 */
describe("study-wide reads in a request: a fixed number of indexed queries", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let study: Study;

  const callsOf = async (run: (api: ReturnType<typeof client>) => Promise<void>) => {
    const c = counted(deps);
    await run(client(createApp(c.deps)));
    return c.calls.filter((x) => !x.startsWith("auth.") && !x.startsWith("origin."));
  };
  const notes = (api: ReturnType<typeof client>) => async () => {
    const res = await api.get(`/api/studies/${study.id}/notes?format=csv`);
    expect(res.status).toBe(200);
  };
  const reel = async (api: ReturnType<typeof client>) => {
    const task = study.tasks[0] as Study["tasks"][number];
    const res = await api.post(`/api/studies/${study.id}/reels/from-friction`, {
      taskId: task.id,
      source: "signal",
      kind: "rage_click",
    });
    expect(res.status, res.text).toBe(201);
  };
  const seed = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      await seedAnalyzedSession(deps, study, syntheticRecording(1), `P${i}`, 12);
    }
  };

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    study = await storeDemoStudy(deps);
  });
  afterAll(async () => storage?.stop());

  it("the notes export: four listings, the same for 2 sessions as for 6", async () => {
    await seed(0, 2);
    const few = await callsOf((api) => notes(api)());
    await seed(2, 6);
    const many = await callsOf((api) => notes(api)());
    expect(many).toEqual(few);
    expect([...new Set(many.filter((x) => !x.startsWith("studies.")))].sort()).toEqual([
      "analyses.listSummaries",
      "annotations.listByStudy",
      "clips.listByStudy",
      "sessions.allByStudy",
    ]);
  });

  it("a reel from friction: three listings, then one write per clip it makes (at most 50)", async () => {
    const calls = await callsOf(reel);
    const reads = calls.filter((x) => !/\.(put|getMany)$/.test(x) && !x.startsWith("studies."));
    expect([...new Set(reads)].sort()).toEqual([
      "analyses.listSummaries",
      "annotations.listByStudy",
      "sessions.allByStudy",
    ]);
    expect(reads).toHaveLength(3);
    expect(calls.filter((x) => x === "clips.put")).toHaveLength(6);
    expect(calls).not.toContain("sessions.detail");
    expect(calls.some((x) => x.startsWith("blobs."))).toBe(false);
  });
});
