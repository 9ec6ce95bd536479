import type { z } from "zod";
import { newId } from "./ids";
import { type StepVisit, stepOfRange } from "./session";
import { DEFAULT_TAGS, findStep, type Study } from "./study";
import { type Issue, int, optional, record, text } from "./validation";

const MAX_SESSION_MS = 24 * 3_600_000;

const fields = {
  t: int({ min: 0, max: MAX_SESSION_MS }),
  tEnd: optional(int({ min: 0, max: MAX_SESSION_MS })),
  stepId: optional(text({ min: 1, max: 40 })),
  tag: text({ min: 1, max: 40 }),
  severity: int({ min: 0, max: 4 }),
  note: optional(text({ max: 5000 })),
  signalId: optional(text({ min: 1, max: 100 })),
};
const SERVER_FIELDS = ["id", "sessionId", "studyId", "taskId", "author", "createdAt", "updatedAt"];

export const annotationInputSchema = record(fields, {
  ignore: SERVER_FIELDS,
  description: "A friction moment tagged by a reviewer; t and tEnd are ms into the recording.",
});
export type AnnotationInput = z.output<typeof annotationInputSchema>;

export const annotationPatchSchema = record(
  { ...fields, t: optional(fields.t), tag: optional(fields.tag), severity: optional(fields.severity) },
  { ignore: SERVER_FIELDS },
);
export type AnnotationPatch = z.output<typeof annotationPatchSchema>;

export interface Annotation {
  id: string;
  sessionId: string;
  studyId: string;
  t: number;
  tEnd?: number;
  taskId?: string;
  stepId?: string;
  tag: string;
  /** Nielsen severity: 0 not a problem … 4 catastrophe. */
  severity: number;
  note?: string;
  signalId?: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** When it is deleted with its session's data (the session's expiresAt). */
  retainUntil?: string;
}

export function allowedTags(study: Study): string[] {
  return [...new Set([...study.tags, ...DEFAULT_TAGS])];
}

/**
 * Checks against the study; when no step is given, fills it in from the recording: the step
 * the annotation's range spends most of its time in (the step at t for a point).
 */
function resolve(
  draft: Omit<Annotation, "taskId"> & { taskId?: string },
  study: Study,
  visits: readonly StepVisit[],
  stepGiven: boolean,
): { ok: true; annotation: Annotation } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (draft.tEnd !== undefined && draft.tEnd < draft.t) {
    issues.push({ path: "tEnd", message: "must not be before t" });
  }
  const tags = allowedTags(study);
  if (!tags.includes(draft.tag)) {
    issues.push({ path: "tag", message: `must be one of the study's tags: ${tags.join(", ")}` });
  }
  const out: Annotation = { ...draft };
  if (stepGiven && draft.stepId) {
    const found = findStep(study, draft.stepId);
    if (!found) issues.push({ path: "stepId", message: "is not a journey step of this study" });
    else out.taskId = found.task.id;
  } else if (!stepGiven) {
    const at = stepOfRange(visits, draft.t, draft.tEnd);
    out.stepId = at?.stepId;
    out.taskId = at?.taskId;
  }
  if (out.stepId === undefined) delete out.stepId;
  if (out.taskId === undefined) delete out.taskId;
  return issues.length ? { ok: false, issues } : { ok: true, annotation: out };
}

export function createAnnotation(
  input: AnnotationInput,
  ctx: { study: Study; sessionId: string; visits: readonly StepVisit[]; author: string; now: Date },
) {
  const at = ctx.now.toISOString();
  return resolve(
    {
      ...input,
      id: newId("annotation"),
      sessionId: ctx.sessionId,
      studyId: ctx.study.id,
      author: ctx.author,
      createdAt: at,
      updatedAt: at,
    },
    ctx.study,
    ctx.visits,
    input.stepId !== undefined,
  );
}

export function patchAnnotation(
  current: Annotation,
  patch: AnnotationPatch,
  ctx: { study: Study; visits: readonly StepVisit[]; now: Date },
) {
  const merged = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  merged.updatedAt = ctx.now.toISOString();
  // A new time or end without a new step moves the annotation into the step of its new range;
  // the same times sent back (a form saving a note) keep the step a reviewer chose.
  const moved =
    (patch.t !== undefined && patch.t !== current.t) ||
    (patch.tEnd !== undefined && patch.tEnd !== current.tEnd);
  const stepGiven = patch.stepId !== undefined || !moved;
  return resolve(merged, ctx.study, ctx.visits, stepGiven);
}
