import type { z } from "zod";
import type { Clip } from "./clip";
import { newId } from "./ids";
import { type Issue, list, optional, record, text } from "./validation";

export const MAX_REEL_CLIPS = 50;

const clipIds = list(text({ min: 1, max: 40 }), { min: 1, max: MAX_REEL_CLIPS });
const SERVER_FIELDS = ["id", "studyId", "author", "createdAt", "updatedAt"];

export const reelInputSchema = record(
  { title: text({ min: 1, max: 200 }), note: optional(text({ max: 5000 })), clipIds },
  { ignore: SERVER_FIELDS, description: "An ordered list of clips of one study, played back to back." },
);
export type ReelInput = z.output<typeof reelInputSchema>;

export const reelPatchSchema = record(
  {
    title: optional(text({ min: 1, max: 200 })),
    note: optional(text({ max: 5000 })),
    clipIds: optional(clipIds),
  },
  { ignore: SERVER_FIELDS },
);
export type ReelPatch = z.output<typeof reelPatchSchema>;

export interface Reel {
  id: string;
  studyId: string;
  title: string;
  note?: string;
  clipIds: string[];
  author: string;
  createdAt: string;
  updatedAt: string;
  /** When it is deleted: with the last of its clips' sessions. */
  retainUntil?: string;
}

/** Every clip of a reel must exist, belong to the reel's study and appear once. */
export function reelClipIssues(
  studyId: string,
  clipIds: readonly string[],
  found: ReadonlyMap<string, Clip>,
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  clipIds.forEach((id, i) => {
    const clip = found.get(id);
    if (seen.has(id)) issues.push({ path: `clipIds[${i}]`, message: "appears twice" });
    else if (!clip) issues.push({ path: `clipIds[${i}]`, message: `no clip with id '${id}'` });
    else if (clip.studyId !== studyId)
      issues.push({ path: `clipIds[${i}]`, message: "is a clip of another study" });
    seen.add(id);
  });
  return issues;
}

export function createReel(input: ReelInput, studyId: string, author: string, now: Date): Reel {
  const at = now.toISOString();
  return { ...input, id: newId("reel"), studyId, author, createdAt: at, updatedAt: at };
}

export function patchReel(current: Reel, patch: ReelPatch, now: Date): Reel {
  const merged: Reel = { ...current, updatedAt: now.toISOString() };
  if (patch.title !== undefined) merged.title = patch.title;
  if (patch.clipIds !== undefined) merged.clipIds = patch.clipIds;
  if (patch.note === "") delete merged.note;
  else if (patch.note !== undefined) merged.note = patch.note;
  return merged;
}
