import { describe, expect, it } from "vitest";
import type { Annotation } from "../../../functions/src/domain/annotation";
import type { Attempt, PlacedFeedback, Signal } from "../../../functions/src/domain/session";
import { momentLink, moments, nextMoment, previousMoment } from "../../../web/src/replay/moments";

const signal = (id: string, t: number): Signal => ({ id, kind: "rage_click", t, detectorVersion: "v1" });
const report = (id: string, t?: number): PlacedFeedback => ({
  id,
  kind: "report",
  text: `Stuck ${id}`,
  at: "",
  ...(t !== undefined ? { t } : {}),
});
const annotation = (id: string, t: number, tEnd?: number): Annotation => ({
  id,
  sessionId: "",
  studyId: "",
  t,
  ...(tEnd !== undefined ? { tEnd } : {}),
  tag: "bug",
  severity: 3,
  author: "",
  createdAt: "",
  updatedAt: "",
});
const attempt: Attempt = {
  taskId: "tk_1",
  taskIndex: 0,
  startedAt: "",
  startT: 1_000,
  endT: 9_000,
  outcome: "claimed",
  seq: 3,
  comment: "The price was hidden",
};
const words = {
  label: (k: string) => k.toUpperCase(),
  outcome: (o: string) => `[${o}]`,
  taskTitle: (id: string) => (id === "tk_1" ? "Find the price" : undefined),
};

describe("moments", () => {
  it("tell the whole story in time order: task start and end, words, signals, ranges", () => {
    const list = moments(
      {
        attempts: [attempt, { taskId: "tk_2", taskIndex: 1, startedAt: "", startT: 9_000 }],
        signals: [signal("s2", 9_000), signal("s1", 2_000)],
        feedback: [report("f1", 4_000), report("f2")],
        annotations: [annotation("a1", 6_000, 8_000), annotation("a2", 7_000, 7_000)],
      },
      60_000,
      words,
    );
    expect(list.map((m) => `${m.kind}:${m.id}@${m.t}`)).toEqual([
      "task:task-start-tk_1@1000",
      "signal:s1@2000",
      "feedback:f1@4000",
      "annotation:a1@6000",
      "annotation:a2@7000",
      "task:task-start-tk_2@9000",
      "signal:s2@9000",
      "task:task-end-tk_1@9000",
    ]);
    const end = list.find((m) => m.id === "task-end-tk_1");
    expect(end).toMatchObject({
      label: "Task 1 ended",
      detail: "[claimed] · SEQ 3 of 7 (7 = very easy)",
      quote: "The price was hidden",
      outcome: "claimed",
    });
    expect(list[0]).toMatchObject({ label: "Task 1 started", detail: "Find the price" });
    expect(list.find((m) => m.id === "f1")).toMatchObject({ quote: "Stuck f1" });
    // A range keeps its end; an "end" at its start is a point.
    expect(list.find((m) => m.id === "a1")).toMatchObject({ t: 6_000, tEnd: 8_000, label: "BUG" });
    expect(list.find((m) => m.id === "a2")?.tEnd).toBeUndefined();
    expect(nextMoment(list, 2_000)?.id).toBe("f1");
    expect(previousMoment(list, 6_000)?.id).toBe("f1");
    expect(previousMoment(list, 1_100)).toBeUndefined();
  });

  it("link to a moment as the replay's address with the time in whole ms", () => {
    expect(momentLink("http://localhost:8787", "se_abc", 1234.6)).toBe(
      "http://localhost:8787/sessions/se_abc?t=1235",
    );
    expect(momentLink("https://x.example", "se_abc", -5)).toBe("https://x.example/sessions/se_abc?t=0");
  });
});
