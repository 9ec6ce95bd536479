import { describe, expect, it } from "vitest";
import { createAppState, TOKEN_KEY } from "../../../web/src/state/app-state";
import { filterSessions, filtersFromQuery, filtersToQuery } from "../../../web/src/state/session-filter";
import { draftFromStudy, draftToInput, emptyDraft } from "../../../web/src/state/study-draft";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const unauthorized = async () =>
  new Response(JSON.stringify({ error: { code: "unauthorized", message: "Token expired." } }), {
    status: 401,
  });

describe("app state", () => {
  it("starts from the stored token and keeps sign-in in storage", () => {
    const storage = memoryStorage({ [TOKEN_KEY]: "abc" });
    const app = createAppState({ storage });
    expect(app.get().token).toBe("abc");
    app.signIn("  fresh  ");
    expect(storage.data.get(TOKEN_KEY)).toBe("fresh");
    app.signOut();
    expect(app.get().token).toBeNull();
    expect(storage.data.has(TOKEN_KEY)).toBe(false);
  });

  it("each factory call is independent", () => {
    const a = createAppState({ storage: memoryStorage() });
    const b = createAppState({ storage: memoryStorage() });
    a.signIn("one");
    expect(b.get().token).toBeNull();
    expect(a.api).not.toBe(b.api);
  });

  it("any 401 signs out with a message that says why, and notifies subscribers", async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: "stale" });
    const app = createAppState({ storage, fetch: unauthorized });
    let changes = 0;
    const off = app.subscribe(() => changes++);
    await expect(app.api.listStudies()).rejects.toMatchObject({ status: 401 });
    expect(app.get().token).toBeNull();
    expect(app.get().authMessage).toMatch(/no longer valid.*Token expired/);
    expect(storage.data.has(TOKEN_KEY)).toBe(false);
    expect(changes).toBe(1);
    off();
    app.signIn("new");
    expect(changes).toBe(1);
    expect(app.get().authMessage).toBeNull();
  });

  it("keeps at most four toasts and dismisses them", () => {
    const app = createAppState({ storage: memoryStorage(), toastMs: 0 });
    const ids = [1, 2, 3, 4, 5].map((n) => app.notify(`m${n}`));
    expect(app.get().toasts.map((t) => t.text)).toEqual(["m2", "m3", "m4", "m5"]);
    app.dismiss(ids[2] as number);
    expect(app.get().toasts.map((t) => t.text)).toEqual(["m2", "m4", "m5"]);
  });
});

describe("study draft", () => {
  it("turns the form into the API's study shape and back", () => {
    const d = emptyDraft();
    d.name = " Quotes ";
    d.origins = "http://a.test\nhttp://b.test, ";
    d.tags = "pricing, , form";
    d.thresholds = { "rageClick.minClicks": "4", "hesitation.idleMs": "", "uTurn.windowMs": "ten" };
    const task = d.tasks[0];
    if (!task) throw new Error("no task");
    Object.assign(task, {
      title: "T",
      instructions: "I",
      startUrl: "http://a.test/",
      timeLimitSec: "120",
      seq: false,
    });
    task.successType = "event";
    task.successValue = " quote_sent ";
    Object.assign(task.steps[0] ?? {}, { name: "Home", type: "click", value: "#go", stage: "awareness" });
    const input = draftToInput(d);
    expect(input).toMatchObject({
      name: "Quotes",
      origins: ["http://a.test", "http://b.test"],
      tags: ["pricing", "form"],
      thresholds: { rageClick: { minClicks: 4 }, uTurn: { windowMs: "ten" } },
      tasks: [
        {
          timeLimitSec: 120,
          question: "none",
          success: { type: "event", name: "quote_sent" },
          steps: [{ name: "Home", match: { type: "click", selector: "#go" }, stage: "awareness" }],
        },
      ],
    });
    const study = {
      ...input,
      id: "sy_1",
      status: "draft",
      sus: true,
      createdAt: "",
      updatedAt: "",
      version: 1,
    } as never;
    const back = draftFromStudy(study);
    expect(back.thresholds["rageClick.minClicks"]).toBe("4");
    expect(back.tasks[0]?.steps[0]).toMatchObject({ type: "click", value: "#go", stage: "awareness" });
  });
});

describe("session filters", () => {
  const s = (id: string, outcomes: Record<string, string>, signals: Record<string, number>, notes = 0) =>
    ({ id, status: "completed", outcomes, signalCounts: signals, annotationCount: notes }) as never;
  const items = [
    s("a", { t1: "success" }, { rage_click: 2 }),
    s("b", { t1: "gave_up", t2: "success" }, {}, 1),
    s("c", {}, {}),
  ];

  it("filters by task outcome, signal kind and annotations, and round-trips through the URL", () => {
    const ids = (f: object) => filterSessions(items, f).map((x: { id: string }) => x.id);
    expect(ids({})).toEqual(["a", "b", "c"]);
    expect(ids({ task: "t1", outcome: "success" })).toEqual(["a"]);
    expect(ids({ outcome: "success" })).toEqual(["a", "b"]);
    expect(ids({ task: "t2", outcome: "not_finished" })).toEqual(["a", "c"]);
    expect(ids({ signal: "rage_click" })).toEqual(["a"]);
    expect(ids({ annotated: true })).toEqual(["b"]);
    const f = { task: "t1", outcome: "gave_up", annotated: true };
    const q = Object.fromEntries(new URLSearchParams(filtersToQuery(f).slice(1)));
    expect(filtersFromQuery(q)).toEqual(f);
  });
});
