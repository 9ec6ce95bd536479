import type { ParticipantStudy } from "@frictionmap/protocol";
import type { z } from "zod";
import { type Invite, inviteStatus } from "./invite";
import { type Attempt, OUTCOMES, type Outcome } from "./session";
import { type Study, studyPrivacy } from "./study";
import { SUS_ITEMS } from "./sus";
import { bool, int, list, literal, oneOf, optional, record, text } from "./validation";

/** The wording of what is and is not recorded; a session stores the version it accepted. */
export const CONSENT_TEXT_VERSION = "2026-12-v3";

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
    privacy: studyPrivacy(study),
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
  if (status === "revoked") {
    return {
      code: "revoked",
      title: "This link was withdrawn",
      message: "Ask the research team for a new one.",
    };
  }
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
 * The outcome an "end" event records. A panel that says "I'm done" sends `claimed`; one from
 * before that outcome existed sent `gave_up` with `claimedDone`, which is a claim too.
 */
function endOutcome(event: AttemptEvent): Outcome {
  const outcome = event.outcome ?? "success";
  return outcome === "gave_up" && event.claimedDone ? "claimed" : outcome;
}

/**
 * What one task-panel event changes on its attempt, as separate parts a store writes
 * atomically, each attribute on its own: nothing is read first, so two panel writes at once
 * never lose each other's answer.
 * - `startedAt` is kept only when the attempt has none yet (the first start wins);
 * - `end` is applied only while the attempt has no outcome (the first end wins, so a
 *   retried "I'm done" changes nothing);
 * - `answer` fields (SEQ, comment) are set one by one: the last answer to each wins.
 */
export interface AttemptChange {
  taskId: string;
  taskIndex: number;
  startedAt: string;
  end?: { endedAt: string; outcome: Outcome; claimedDone?: boolean };
  answer?: { seq?: number; comment?: string };
}

export function attemptChange(
  task: { id: string; index: number },
  event: AttemptEvent,
  now: Date,
): AttemptChange {
  const at = now.toISOString();
  const change: AttemptChange = { taskId: task.id, taskIndex: task.index, startedAt: at };
  if (event.event === "end") {
    const outcome = endOutcome(event);
    const claimedDone = event.claimedDone ?? (outcome === "claimed" ? true : undefined);
    change.end = { endedAt: at, outcome, ...(claimedDone !== undefined ? { claimedDone } : {}) };
  }
  if (event.event === "answer" && (event.seq !== undefined || event.comment !== undefined)) {
    change.answer = {
      ...(event.seq !== undefined ? { seq: event.seq } : {}),
      ...(event.comment !== undefined ? { comment: event.comment } : {}),
    };
  }
  return change;
}

/** An attempt without what only the task panel writes (SEQ, comment, "I'm done"), so a
 * writer of derived fields (the analysis) never puts back an answer it read earlier. */
export function withoutPanelFields<A extends Partial<Attempt>>(
  a: A,
): Omit<A, "seq" | "comment" | "claimedDone"> {
  const { seq: _seq, comment: _comment, claimedDone: _done, ...rest } = a;
  return rest;
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
