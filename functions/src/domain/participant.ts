import type { ParticipantStudy } from "@frictionmap/protocol";
import type { z } from "zod";
import { type Invite, inviteStatus } from "./invite";
import { type Attempt, OUTCOMES } from "./session";
import type { Study } from "./study";
import { SUS_ITEMS } from "./sus";
import { bool, int, list, literal, oneOf, optional, record, text } from "./validation";

/** The wording of what is and is not recorded; a session stores the version it accepted. */
export const CONSENT_TEXT_VERSION = "2026-11-v1";

export const consentSchema = record({
  consent: literal(true),
  textVersion: text({ min: 1, max: 40 }),
});

export function participantStudy(study: Study): ParticipantStudy {
  return {
    id: study.id,
    name: study.name,
    ...(study.description ? { description: study.description } : {}),
    sus: study.sus,
    susItems: study.sus ? SUS_ITEMS : [],
    textAllowlist: study.textAllowlist ?? [],
    tasks: study.tasks.map(({ id, title, instructions, startUrl, timeLimitSec, question, success }) => ({
      id,
      title,
      instructions,
      startUrl,
      question,
      ...(timeLimitSec ? { timeLimitSec } : {}),
      ...(success ? { success } : {}),
    })),
  };
}

/** Why an invite link cannot start a session now, or undefined when it can. */
export function inviteRefusal(
  invite: Invite | undefined,
  study: Study | undefined,
  now: Date,
): { code: string; title: string; message: string } | undefined {
  if (!invite || !study) {
    return {
      code: "unknown",
      title: "This link does not work",
      message: "Check that you copied the whole link.",
    };
  }
  if (study.status === "draft") {
    return { code: "not_open", title: "This study has not started yet", message: "Please try again later." };
  }
  if (study.status === "closed") {
    return { code: "closed", title: "This study has ended", message: "Thank you for your interest." };
  }
  const status = inviteStatus(invite, now);
  if (status === "expired") {
    return {
      code: "expired",
      title: "This link has expired",
      message: "Ask the research team for a new one.",
    };
  }
  if (invite.used >= invite.cap) {
    return invite.kind === "single"
      ? { code: "used", title: "This link was already used", message: "Each link starts one session." }
      : { code: "full", title: "This study is full", message: "All places have been taken. Thank you!" };
  }
  return undefined;
}

/** The label a new session gets: the invite's label, numbered for open links. */
export function participantLabel(invite: Invite): string {
  const base = invite.label ?? (invite.kind === "open" ? "Participant" : `Invite ${invite.id.slice(-4)}`);
  return invite.kind === "open" ? `${base} ${invite.used}` : base;
}

export const attemptEventSchema = record({
  event: oneOf(["start", "end", "answer"]),
  outcome: optional(oneOf(OUTCOMES)),
  claimedDone: optional(bool()),
  seq: optional(int({ min: 1, max: 7 })),
  comment: optional(text({ max: 2000 })),
});
export type AttemptEvent = z.output<typeof attemptEventSchema>;

/**
 * Applies a task-panel event to an attempt. Safe to repeat: the first start and the
 * first end win, so a retried request changes nothing.
 */
export function applyAttemptEvent(
  current: Attempt | undefined,
  task: { id: string; index: number },
  event: AttemptEvent,
  now: Date,
): Attempt {
  const at = now.toISOString();
  const attempt: Attempt = current ?? { taskId: task.id, taskIndex: task.index, startedAt: at };
  if (event.event === "end" && attempt.outcome === undefined) {
    attempt.endedAt = at;
    attempt.outcome = event.outcome ?? "success";
    if (event.claimedDone !== undefined) attempt.claimedDone = event.claimedDone;
  }
  if (event.event === "answer") {
    if (event.seq !== undefined) attempt.seq = event.seq;
    if (event.comment !== undefined) attempt.comment = event.comment;
  }
  return attempt;
}

export const feedbackSchema = record({
  id: text({ min: 8, max: 40, pattern: /^[A-Za-z0-9_-]+$/, hint: "letters, digits, _ and - only" }),
  kind: oneOf(["report"]),
  text: text({ min: 1, max: 2000 }),
  clientTs: optional(int({ min: 0, max: 8_640_000_000_000 })),
  taskId: optional(text({ min: 1, max: 40 })),
});

export const completeSchema = record({
  sus: optional(list(int({ min: 1, max: 5 }), { min: 10, max: 10 })),
});
