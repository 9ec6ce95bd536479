import { PRIVACY_MODES, type RecordingPrivacy } from "@frictionmap/protocol";
import type { z } from "zod";
import { selectorProblem } from "./css-selector";
import { ID_PREFIX, newId } from "./ids";
import { thresholdsSchema } from "./thresholds";
import {
  bool,
  formatPath,
  type Issue,
  int,
  list,
  literal,
  oneOf,
  optional,
  optionalAll,
  record,
  strict,
  tagged,
  text,
} from "./validation";

export { DEFAULT_TAGS, JOURNEY_STAGES, STUDY_STATUSES, type StudyStatus } from "@frictionmap/protocol";

import { JOURNEY_STAGES, STUDY_STATUSES, type StudyStatus } from "@frictionmap/protocol";

const CSS_SELECTOR_MAX = 500;

/** A CSS selector list the recorder can use in the browser (checked here, not there). */
const cssSelector = text({ min: 1, max: CSS_SELECTOR_MAX }).superRefine((s, ctx) => {
  const problem = selectorProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(s)} ${problem}` });
});

/** `url`: path (and query when the pattern has `?`) with `*` wildcards; `click`: a CSS
 * selector; `event`: a name sent with `window.frictionmap.track(name)`. */
export const matchRuleSchema = tagged("type", [
  strict({
    type: literal("url"),
    pattern: text({
      min: 1,
      max: 500,
      pattern: /^[/*]\S*$/,
      hint: "must start with '/' or '*' and contain no spaces",
    }),
  }),
  strict({ type: literal("click"), selector: cssSelector }),
  strict({
    type: literal("event"),
    name: text({
      min: 1,
      max: 100,
      pattern: /^[A-Za-z0-9_.:-]+$/,
      hint: "letters, digits and _ . : - only",
    }),
  }),
]);
export type MatchRule = z.output<typeof matchRuleSchema>;

const ownId = (kind: "task" | "step") =>
  optional(
    text({
      min: 23,
      max: 23,
      pattern: new RegExp(`^${ID_PREFIX[kind]}_[0-9A-Za-z]{20}$`),
      hint: `must be an id this API gave (${ID_PREFIX[kind]}_…)`,
    }),
  );

const stepSchema = record({
  id: ownId("step"),
  name: text({ min: 1, max: 120 }),
  match: matchRuleSchema,
  stage: optional(oneOf(JOURNEY_STAGES)),
});

const httpUrl = text({
  min: 1,
  max: 2000,
  pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/,
  hint: "must be an http(s) URL",
});

const taskSchema = record({
  id: ownId("task"),
  title: text({ min: 1, max: 200 }),
  instructions: text({ min: 1, max: 5000 }),
  startUrl: httpUrl,
  timeLimitSec: optional(int({ min: 10, max: 86_400 })),
  question: optional(oneOf(["seq", "none"])),
  success: optional(matchRuleSchema),
  steps: list(stepSchema, { min: 0, max: 50 }),
});

const originSchema = text({
  min: 1,
  max: 300,
  pattern: /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i,
  hint: "must be an origin such as https://www.example.com (no path)",
});

/** Server-managed fields a client may send back unchanged; they are ignored. */
const SERVER_FIELDS = ["id", "createdAt", "updatedAt", "version"] as const;

const studyFields = {
  name: text({ min: 1, max: 200 }),
  description: optional(text({ max: 5000 })),
  origins: list(originSchema, { min: 1, max: 20 }),
  status: optional(oneOf(STUDY_STATUSES)),
  sus: optional(bool()),
  tasks: list(taskSchema, { min: 1, max: 30 }),
  tags: optional(list(text({ min: 1, max: 40 }), { max: 50 })),
  /** "readable" (default): page text recorded as it is; "mask-all-text": every text masked
   * but what `unmaskSelectors` match. Typed values are masked in both. */
  privacy: optional(oneOf(PRIVACY_MODES)),
  maskSelectors: optional(list(cssSelector, { max: 50 })),
  unmaskSelectors: optional(list(cssSelector, { max: 50 })),
  /** Former name of `unmaskSelectors`, still accepted. */
  textAllowlist: optional(list(cssSelector, { max: 50 })),
  /** Query keys whose values are recorded; every other query value is redacted. */
  keepQueryKeys: optional(
    list(text({ min: 1, max: 100, pattern: /^\S+$/, hint: "must have no spaces" }), { max: 50 }),
  ),
  thresholds: optional(thresholdsSchema),
  retentionDays: optional(int({ min: 1, max: 3650 })),
};

type CrossIssue = { path: (string | number)[]; message: string };
type CrossCheckable = {
  origins?: readonly string[];
  tasks?: readonly { id?: string; startUrl: string; steps: readonly { id?: string }[] }[];
};

/** Checks across fields: start URLs on an allowed origin, unique ids. */
function crossCheck(s: CrossCheckable): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const origins = s.origins?.map(normalizeOrigin);
  const taskIds = new Set<string>();
  const stepIds = new Set<string>();
  s.tasks?.forEach((task, i) => {
    if (origins && !origins.includes(new URL(task.startUrl).origin)) {
      issues.push({ path: ["tasks", i, "startUrl"], message: "must be on one of the study's origins" });
    }
    if (task.id) {
      if (taskIds.has(task.id)) issues.push({ path: ["tasks", i, "id"], message: "is used twice" });
      taskIds.add(task.id);
    }
    task.steps.forEach((step, j) => {
      if (!step.id) return;
      if (stepIds.has(step.id)) {
        issues.push({ path: ["tasks", i, "steps", j, "id"], message: "is used twice" });
      }
      stepIds.add(step.id);
    });
  });
  return issues;
}

export const studyInputSchema = record(studyFields, {
  ignore: SERVER_FIELDS,
  description: "A study with its tasks.",
}).superRefine((study, ctx) => {
  for (const issue of crossCheck(study)) ctx.addIssue({ code: "custom", ...issue });
});
export type StudyInput = z.output<typeof studyInputSchema>;

export const studyPatchSchema = record(optionalAll(studyFields), {
  ignore: SERVER_FIELDS,
  description: "Fields to change; tasks are replaced as a whole.",
});
export type StudyPatch = z.output<typeof studyPatchSchema>;

export interface JourneyStep {
  id: string;
  name: string;
  match: MatchRule;
  stage?: (typeof JOURNEY_STAGES)[number];
}

export interface Task extends Omit<z.output<typeof taskSchema>, "id" | "steps"> {
  id: string;
  question: "seq" | "none";
  steps: JourneyStep[];
}

export interface Study extends Omit<StudyInput, "tasks" | "status" | "sus" | "tags"> {
  id: string;
  status: StudyStatus;
  sus: boolean;
  tags: string[];
  tasks: Task[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface StudySummary {
  id: string;
  name: string;
  status: StudyStatus;
  taskCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A study in the studies list: its summary and how many sessions it has. */
export interface StudyListItem extends StudySummary {
  sessionCount: number;
}

export function normalizeOrigin(origin: string): string {
  return new URL(origin).origin;
}

function withIds(tasks: StudyInput["tasks"]): Task[] {
  return tasks.map((t) => ({
    id: t.id ?? newId("task"),
    ...t,
    question: t.question ?? "seq",
    steps: t.steps.map((s) => ({ id: s.id ?? newId("step"), ...s })),
  })) as Task[];
}

export function createStudy(input: StudyInput, now: Date): Study {
  const at = now.toISOString();
  return {
    id: newId("study"),
    ...input,
    origins: [...new Set(input.origins.map(normalizeOrigin))],
    status: input.status ?? "draft",
    sus: input.sus ?? false,
    tags: input.tags ?? [],
    tasks: withIds(input.tasks),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The study after a patch, or the problems the patch would cause. */
export function applyStudyPatch(
  study: Study,
  patch: StudyPatch,
  now: Date,
): { ok: true; study: Study } | { ok: false; issues: Issue[] } {
  const merged: Study = { ...study };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (patch.tasks) merged.tasks = withIds(patch.tasks);
  if (patch.origins) merged.origins = [...new Set(patch.origins.map(normalizeOrigin))];
  const issues = crossCheck(merged);
  if (issues.length) {
    return { ok: false, issues: issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  merged.updatedAt = now.toISOString();
  merged.version = study.version + 1;
  return { ok: true, study: merged };
}

export function summarizeStudy(s: Study): StudySummary {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    taskCount: s.tasks.length,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Finds the task and step a step id belongs to. */
export function findStep(study: Study, stepId: string): { task: Task; step: JourneyStep } | undefined {
  for (const task of study.tasks) {
    const step = task.steps.find((s) => s.id === stepId);
    if (step) return { task, step };
  }
  return undefined;
}

/** How a study records, with the defaults filled in (what the recorder is given). */
export function studyPrivacy(
  study: Pick<Study, "privacy" | "maskSelectors" | "unmaskSelectors" | "textAllowlist" | "keepQueryKeys">,
): RecordingPrivacy {
  return {
    mode: study.privacy ?? "readable",
    maskSelectors: study.maskSelectors ?? [],
    unmaskSelectors: study.unmaskSelectors ?? study.textAllowlist ?? [],
    keepQueryKeys: study.keepQueryKeys ?? [],
  };
}
