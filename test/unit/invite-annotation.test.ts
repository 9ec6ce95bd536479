import { nextRetryDelay } from "@frictionmap/protocol";
import { describe, expect, it } from "vitest";
import { hashToken, mintToken } from "../../functions/src/adapters/secret-tokens";
import { createAnnotation, patchAnnotation } from "../../functions/src/domain/annotation";
import { isId, newId } from "../../functions/src/domain/ids";
import { createInvites, inviteStatus, inviteUrl, viewInvite } from "../../functions/src/domain/invite";
import { stepAt, stepOfRange } from "../../functions/src/domain/session";
import { createStudy, studyInputSchema } from "../../functions/src/domain/study";
import { parseWith } from "../../functions/src/domain/validation";
import { exampleStudyInput } from "../fixtures/studies";

const NOW = new Date("2030-05-01T12:00:00Z");

describe("ids and tokens", () => {
  it("makes well-formed, distinct ids and recognizes only their own kind", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("study")));
    expect(ids.size).toBe(1000);
    const id = [...ids][0] ?? "";
    expect(isId("study", id)).toBe(true);
    expect(isId("session", id)).toBe(false);
    expect(isId("study", `${id}/..`)).toBe(false);
  });
});

describe("invites", () => {
  it("makes single-use links with 256-bit tokens kept only as hashes", () => {
    const made = createInvites("st_x", { count: 3, label: "Panel" }, NOW, mintToken);
    expect(made).toHaveLength(3);
    for (const { invite, token } of made) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(invite.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify(invite)).not.toContain(token);
      expect(viewInvite(invite, NOW)).not.toHaveProperty("tokenHash");
    }
    expect(made.map((m) => m.invite.label)).toEqual(["Panel 1", "Panel 2", "Panel 3"]);
    expect(inviteUrl("https://fm.example/", "abc")).toBe("https://fm.example/i/abc");
  });

  it("derives status from use, completion, cap and expiry", () => {
    const [single] = createInvites("st_x", { count: 1, expiresInDays: 2 }, NOW, mintToken);
    const [open] = createInvites("st_x", { open: true, cap: 2 }, NOW, mintToken);
    if (!single || !open) throw new Error("none");
    const s = single.invite;
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    expect(inviteStatus(s, NOW)).toBe("pending");
    expect(inviteStatus(s, later)).toBe("expired");
    expect(inviteStatus({ ...s, used: 1 }, NOW)).toBe("started");
    expect(inviteStatus({ ...s, used: 1, completed: 1 }, later)).toBe("completed");
    expect(inviteStatus({ ...open.invite, used: 1 }, NOW)).toBe("started");
    expect(inviteStatus({ ...open.invite, used: 2 }, NOW)).toBe("completed");
  });
});

describe("annotations", () => {
  const parsed = parseWith(studyInputSchema, { ...exampleStudyInput(), tags: ["pricing"] });
  if (!parsed.ok) throw new Error("invalid");
  const study = createStudy(parsed.value, NOW);
  const task = study.tasks[0];
  const [home, services] = task?.steps ?? [];
  const visits = [
    { taskId: task?.id ?? "", stepId: home?.id ?? "", enteredAt: 0, leftAt: 3000 },
    { taskId: task?.id ?? "", stepId: services?.id ?? "", enteredAt: 3000, leftAt: 8000 },
  ];
  const ctx = { study, sessionId: "se_x", visits, author: "Ann", now: NOW };

  it("fills the journey step in from the time", () => {
    const r = createAnnotation({ t: 3500, tag: "pricing", severity: 2 }, ctx);
    expect(r).toMatchObject({
      ok: true,
      annotation: { stepId: services?.id, taskId: task?.id, author: "Ann" },
    });
    const outside = createAnnotation({ t: 9000, tag: "bug", severity: 2 }, ctx);
    expect(outside.ok && outside.annotation.stepId).toBeUndefined();
  });

  it("keeps a chosen step, and moves with a new time only when no step is given", () => {
    const r = createAnnotation({ t: 100, tag: "bug", severity: 1, stepId: services?.id }, ctx);
    if (!r.ok) throw new Error("invalid");
    expect(r.annotation.stepId).toBe(services?.id);
    const later = new Date(NOW.getTime() + 5000);
    const severity = patchAnnotation(r.annotation, { severity: 3 }, { study, visits, now: later });
    expect(severity).toMatchObject({ ok: true, annotation: { stepId: services?.id, severity: 3 } });
    const moved = patchAnnotation(r.annotation, { t: 200 }, { study, visits, now: later });
    expect(moved).toMatchObject({
      ok: true,
      annotation: { stepId: home?.id, updatedAt: later.toISOString() },
    });
  });

  it("takes a range's step from where it spends most of its time, not from its start", () => {
    // 2.9 s to 7 s: 0.1 s in Home, 4 s in Services.
    const r = createAnnotation({ t: 2900, tEnd: 7000, tag: "bug", severity: 2 }, ctx);
    expect(r).toMatchObject({ ok: true, annotation: { stepId: services?.id, tEnd: 7000 } });
    if (!r.ok) throw new Error("invalid");
    // Saving the same times back (a note edited) keeps a step the reviewer chose.
    const chosen = patchAnnotation(r.annotation, { stepId: home?.id }, { study, visits, now: NOW });
    if (!chosen.ok) throw new Error("invalid");
    const noted = patchAnnotation(
      chosen.annotation,
      { t: 2900, tEnd: 7000, note: "again", tag: "bug", severity: 2 },
      { study, visits, now: NOW },
    );
    expect(noted).toMatchObject({ ok: true, annotation: { stepId: home?.id, tEnd: 7000, note: "again" } });
    // A new end without a step moves it to where the new range spends its time; the end stays.
    const shorter = patchAnnotation(chosen.annotation, { tEnd: 3050 }, { study, visits, now: NOW });
    expect(shorter).toMatchObject({ ok: true, annotation: { stepId: home?.id, t: 2900, tEnd: 3050 } });
    const kept = patchAnnotation(chosen.annotation, { severity: 4 }, { study, visits, now: NOW });
    expect(kept).toMatchObject({ ok: true, annotation: { tEnd: 7000, severity: 4 } });
  });

  it("refuses tags outside the study's list and ranges that end before they start", () => {
    expect(createAnnotation({ t: 1, tag: "whatever", severity: 1 }, ctx)).toMatchObject({
      ok: false,
      issues: [{ path: "tag" }],
    });
    expect(createAnnotation({ t: 10, tEnd: 5, tag: "bug", severity: 1 }, ctx)).toMatchObject({
      ok: false,
      issues: [{ path: "tEnd" }],
    });
  });
});

describe("stepAt", () => {
  it("finds the latest step entered that covers the time", () => {
    const v = [
      { taskId: "t", stepId: "a", enteredAt: 0, leftAt: 10 },
      { taskId: "t", stepId: "b", enteredAt: 5, leftAt: 8 },
    ];
    expect(stepAt(v, 6)?.stepId).toBe("b");
    expect(stepAt(v, 9)?.stepId).toBe("a");
    expect(stepAt(v, 10)).toBeUndefined();
  });

  it("gives a range the step it spends most time in, the first reached on a tie, none outside", () => {
    const v = [
      { taskId: "t", stepId: "a", enteredAt: 0, leftAt: 10 },
      { taskId: "t", stepId: "b", enteredAt: 10, leftAt: 30 },
      { taskId: "t", stepId: "c", enteredAt: 12, leftAt: 14 },
      { taskId: "u", stepId: "d", enteredAt: 40, leftAt: 50 },
    ];
    expect(stepOfRange(v, 8, 20)?.stepId).toBe("b"); // a 2, b 8, c 2
    expect(stepOfRange(v, 5, 15)?.stepId).toBe("a"); // a 5, b 3, c 2
    expect(stepOfRange(v, 6, 14)?.stepId).toBe("a"); // a 4, b 2, c 2: a
    expect(stepOfRange(v, 8, 12)?.stepId).toBe("a"); // a 2, b 2: the first reached
    expect(stepOfRange(v, 28, 45)).toEqual({ taskId: "u", stepId: "d" }); // b 2, gap 10, d 5
    expect(stepOfRange(v, 31, 39)).toBeUndefined();
    expect(stepOfRange(v, 12.5, undefined)?.stepId).toBe("c");
    expect(stepOfRange(v, 20, 20)?.stepId).toBe("b");
  });
});

describe("nextRetryDelay", () => {
  it("grows exponentially with ±50 % jitter and stays under the cap", () => {
    const opts = { baseMs: 100, maxMs: 5000 };
    expect(nextRetryDelay(0, opts, () => 0.5)).toBe(100);
    expect(nextRetryDelay(3, opts, () => 0.5)).toBe(800);
    expect(nextRetryDelay(3, opts, () => 0)).toBe(400);
    expect(nextRetryDelay(3, opts, () => 0.999)).toBe(1199);
    expect(nextRetryDelay(30, opts, () => 0.999)).toBe(5000);
  });
});
