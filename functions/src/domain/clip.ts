import type { z } from "zod";
import { newId } from "./ids";
import { type StepVisit, stepOfRange } from "./session";
import { type Issue, int, oneOf, optional, record, strict, text } from "./validation";

const MAX_SESSION_MS = 24 * 3_600_000;
/** A clip is evidence, not a copy of the recording: at most 30 minutes. */
export const MAX_CLIP_MS = 30 * 60_000;

/** Where a clip was made from: the moment the reviewer picked. */
export const CLIP_SOURCES = ["signal", "annotation", "feedback", "visit", "manual"] as const;
export type ClipSource = (typeof CLIP_SOURCES)[number];

const fields = {
  start: int({ min: 0, max: MAX_SESSION_MS }),
  end: int({ min: 1, max: MAX_SESSION_MS }),
  title: text({ min: 1, max: 200 }),
  note: optional(text({ max: 5000 })),
  tag: optional(text({ min: 1, max: 40 })),
  source: optional(
    strict({ kind: oneOf(CLIP_SOURCES), id: text({ min: 1, max: 100 }).optional() }).meta({
      description: "The moment it was made from: a signal, annotation, problem report or step visit",
    }),
  ),
};
const SERVER_FIELDS = [
  "id",
  "sessionId",
  "studyId",
  "participantLabel",
  "taskId",
  "stepId",
  "author",
  "createdAt",
  "updatedAt",
];

export const clipInputSchema = record(fields, {
  ignore: SERVER_FIELDS,
  description: "A time range of one session; start and end are ms from the session's first event.",
});
export type ClipInput = z.output<typeof clipInputSchema>;

export const clipPatchSchema = record(
  {
    start: optional(fields.start),
    end: optional(fields.end),
    title: optional(fields.title),
    note: optional(text({ max: 5000 })),
    tag: optional(fields.tag),
  },
  { ignore: [...SERVER_FIELDS, "source"] },
);
export type ClipPatch = z.output<typeof clipPatchSchema>;

export interface Clip {
  id: string;
  studyId: string;
  sessionId: string;
  /** The participant label chosen at the invite: the only participant data a share shows. */
  participantLabel: string;
  start: number;
  end: number;
  title: string;
  note?: string;
  tag?: string;
  /** The task and journey step at the clip's start, when it lies in one. */
  taskId?: string;
  stepId?: string;
  source?: { kind: ClipSource; id?: string };
  author: string;
  createdAt: string;
  updatedAt: string;
  /** When it is deleted with its session's data (the session's expiresAt). */
  retainUntil?: string;
}

export interface ClipContext {
  session: {
    id: string;
    studyId: string;
    participantLabel: string;
    durationMs: number;
    /** The session's expiresAt: the clip goes with it. */
    retainUntil?: string;
  };
  visits: readonly StepVisit[];
  now: Date;
}

type Result = { ok: true; clip: Clip } | { ok: false; issues: Issue[] };

/** The range must lie inside the recording and be of positive, capped length. */
function rangeIssues(start: number, end: number, durationMs: number): Issue[] {
  const issues: Issue[] = [];
  if (end <= start) issues.push({ path: "end", message: "must be after start" });
  if (end > durationMs) {
    issues.push({ path: "end", message: `must be inside the session (it is ${durationMs} ms long)` });
  }
  if (start >= durationMs) {
    issues.push({ path: "start", message: `must be inside the session (it is ${durationMs} ms long)` });
  }
  if (end - start > MAX_CLIP_MS) {
    issues.push({ path: "end", message: `a clip may be at most ${MAX_CLIP_MS / 60_000} minutes long` });
  }
  return issues;
}

function placed(clip: Clip, visits: readonly StepVisit[]): Clip {
  const at = stepOfRange(visits, clip.start, clip.end);
  const out = { ...clip };
  delete out.taskId;
  delete out.stepId;
  return at ? { ...out, taskId: at.taskId, stepId: at.stepId } : out;
}

/** A new clip; `id` is given when the request named it (an idempotency key). */
export function createClip(input: ClipInput, author: string, ctx: ClipContext, id = newId("clip")): Result {
  const issues = rangeIssues(input.start, input.end, ctx.session.durationMs);
  if (issues.length) return { ok: false, issues };
  const at = ctx.now.toISOString();
  const clip: Clip = {
    ...input,
    id,
    studyId: ctx.session.studyId,
    sessionId: ctx.session.id,
    participantLabel: ctx.session.participantLabel,
    author,
    createdAt: at,
    updatedAt: at,
    ...(ctx.session.retainUntil ? { retainUntil: ctx.session.retainUntil } : {}),
  };
  return { ok: true, clip: placed(clip, ctx.visits) };
}

export function patchClip(current: Clip, patch: ClipPatch, ctx: ClipContext): Result {
  const merged: Clip = { ...current, updatedAt: ctx.now.toISOString() };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  }
  if (patch.note === "") delete merged.note;
  const issues = rangeIssues(merged.start, merged.end, ctx.session.durationMs);
  if (issues.length) return { ok: false, issues };
  return { ok: true, clip: placed(merged, ctx.visits) };
}
