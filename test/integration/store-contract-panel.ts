import { expect, it } from "vitest";
import type { storageDeps } from "../../functions/src/adapters/aws";
import { newId } from "../../functions/src/domain/ids";
import { attemptChange } from "../../functions/src/domain/participant";
import { startSession } from "../../functions/src/domain/session";
import { recordTaskEvent } from "../../functions/src/services/participation";

type Stores = ReturnType<typeof storageDeps>;

/**
 * Panel writes on the stores: every attempt field and every per-task summary entry is its
 * own attribute written without a read first, so concurrent writers lose nothing.
 * Part of the store contract (dynalite and DynamoDB Local).
 */
export function panelWriteCases(stores: () => Stores) {
  const session = async () => {
    const s = startSession({
      studyId: newId("study"),
      inviteId: newId("invite"),
      participantLabel: "P1",
      consent: { acceptedAt: new Date().toISOString(), textVersion: "v1" },
      tokenHash: "0".repeat(64),
      now: new Date(),
    });
    await stores().sessions.create(s);
    return s;
  };
  const at = (s: number) => new Date(Date.UTC(2031, 4, 1, 10, 0, s));

  it("applies task-panel events: the first start and the first end win, answers field by field", async () => {
    const s = await session();
    const task = { id: "tk_a", index: 2 };
    const record = (event: Parameters<typeof attemptChange>[1], t: number) =>
      stores().attempts.record(s.id, attemptChange(task, event, at(t)));

    expect(await record({ event: "start" }, 1)).toEqual({
      taskId: "tk_a",
      taskIndex: 2,
      startedAt: at(1).toISOString(),
    });
    await record({ event: "start" }, 2); // a retried start keeps the first time
    await record({ event: "answer", seq: 5 }, 3);
    const ended = await record({ event: "end", outcome: "gave_up", claimedDone: false }, 4);
    expect(ended).toMatchObject({ outcome: "gave_up", endedAt: at(4).toISOString(), seq: 5 });
    const again = await record({ event: "end", outcome: "success" }, 5); // the first end won
    expect(again).toMatchObject({ outcome: "gave_up", endedAt: at(4).toISOString() });
    await record({ event: "answer", comment: "hard to find" }, 6);
    expect(await stores().attempts.get(s.id, 2)).toEqual({
      taskId: "tk_a",
      taskIndex: 2,
      startedAt: at(1).toISOString(),
      endedAt: at(4).toISOString(),
      outcome: "gave_up",
      claimedDone: false,
      seq: 5,
      comment: "hard to find",
    });
  });

  it("loses none of many concurrent panel writes, attempts and session summaries alike", async () => {
    const s = await session();
    const tasks = Array.from({ length: 6 }, (_, i) => ({ id: `tk_${i}`, index: i }));
    const writes = tasks.flatMap((task, i) => [
      { task, event: { event: "start" } as const },
      { task, event: { event: "end", outcome: i % 2 ? "gave_up" : "success" } as const },
      { task, event: { event: "answer", seq: (i % 7) + 1 } as const },
      { task, event: { event: "answer", comment: `comment ${i}` } as const },
    ]);
    // All at once, in an order where each task's writes interleave with the others'.
    await Promise.all(
      writes.map(({ task, event }, n) =>
        recordTaskEvent(stores(), s, task, event, new Date(Date.UTC(2031, 4, 1, 10, 0, 0, n))),
      ),
    );
    const detail = await stores().sessions.detail(s.id);
    expect(detail?.attempts).toHaveLength(6);
    for (const [i, task] of tasks.entries()) {
      expect(detail?.attempts.find((a) => a.taskId === task.id)).toMatchObject({
        taskIndex: i,
        outcome: i % 2 ? "gave_up" : "success",
        seq: (i % 7) + 1,
        comment: `comment ${i}`,
      });
    }
    expect(detail?.session.outcomes).toEqual(
      Object.fromEntries(tasks.map((t, i) => [t.id, i % 2 ? "gave_up" : "success"])),
    );
    expect(detail?.session.seqAnswers).toEqual(Object.fromEntries(tasks.map((t, i) => [t.id, (i % 7) + 1])));
  });

  it("merges summaries task by task, also into a session stored before the SEQ map existed", async () => {
    const s = await session();
    await Promise.all([
      stores().sessions.update(s.id, { outcomes: { tk_1: "success" } }),
      stores().sessions.update(s.id, { outcomes: { tk_2: "gave_up" }, seqAnswers: { tk_2: 3 } }),
      stores().sessions.update(s.id, { seqAnswers: { tk_1: 7 } }),
    ]);
    expect(await stores().sessions.get(s.id)).toMatchObject({
      outcomes: { tk_1: "success", tk_2: "gave_up" },
      seqAnswers: { tk_1: 7, tk_2: 3 },
    });
    // A merge never creates a session that is not there.
    await expect(stores().sessions.update(newId("session"), { seqAnswers: { tk_1: 2 } })).rejects.toThrow();
  });
}
