import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { CONSENT_TEXT_VERSION } from "../../functions/src/domain/participant";
import { exampleStudyInput } from "../fixtures/studies";
import { client } from "../setup/api";
import { embeddedStorage, testDeps } from "../setup/storage";

const ORIGIN = "http://localhost:8788";
const TASKS = 8;

/**
 * Concurrent task-panel writes through the API on the embedded store (dynalite): every
 * outcome, SEQ answer and comment arrives, whatever order the requests land in.
 */
describe("concurrent task-panel writes", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    storage = await embeddedStorage();
    app = createApp(testDeps(storage.config).deps);
    api = client(app);
  });
  afterAll(async () => storage?.stop());

  it("loses no outcome, SEQ answer or comment when they are sent all at once", async () => {
    const input = exampleStudyInput();
    const [task] = input.tasks;
    if (!task) throw new Error("the example study has a task");
    input.tasks = Array.from({ length: TASKS }, (_, i) => ({ ...task, title: `Task ${i + 1}` }));
    const study = (await api.post("/api/studies", { ...input, status: "live" })).json;
    const invite = (await api.post(`/api/studies/${study.id}/invites`, { count: 1 })).json;
    const token = String(invite.invites[0].url).split("/i/")[1];
    const accepted = await app.request(`/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ consent: true, textVersion: CONSENT_TEXT_VERSION }),
    });
    const { sessionId, sessionToken } = (await accepted.json()) as {
      sessionId: string;
      sessionToken: string;
    };

    const put = (index: number, body: unknown) =>
      app.request(`/api/ingest/sessions/${sessionId}/attempts/${index}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${sessionToken}`,
          origin: ORIGIN,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const outcome = (i: number) => (i % 3 === 0 ? "gave_up" : "success");
    const writes = Array.from({ length: TASKS }, (_, i) => [
      () => put(i, { event: "start" }),
      () => put(i, { event: "end", outcome: outcome(i) }),
      () => put(i, { event: "answer", seq: (i % 7) + 1 }),
      () => put(i, { event: "answer", comment: `task ${i} was odd` }),
    ]).flat();
    // Interleaved across tasks, every request in flight at once.
    const statuses = await Promise.all(writes.map(async (w) => (await w()).status));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const detail = (await api.get(`/api/sessions/${sessionId}`)).json;
    const ids: string[] = study.tasks.map((t: { id: string }) => t.id);
    expect(detail.outcomes).toEqual(Object.fromEntries(ids.map((id, i) => [id, outcome(i)])));
    expect(detail.seqAnswers).toEqual(Object.fromEntries(ids.map((id, i) => [id, (i % 7) + 1])));
    expect(detail.attempts).toHaveLength(TASKS);
    for (const [i, id] of ids.entries()) {
      expect(detail.attempts.find((a: { taskId: string }) => a.taskId === id)).toMatchObject({
        taskIndex: i,
        outcome: outcome(i),
        seq: (i % 7) + 1,
        comment: `task ${i} was odd`,
      });
    }
    // The reviewer's list shows the same summaries.
    const listed = (await api.get(`/api/studies/${study.id}/sessions`)).json.items[0];
    expect(listed).toMatchObject({ outcomes: detail.outcomes, seqAnswers: detail.seqAnswers });
  });
});
