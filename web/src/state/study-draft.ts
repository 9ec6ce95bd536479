import type { JourneyStep, Study, StudyInput, Task } from "../api/types";

/** A study as the editor holds it: strings for what people type, one object per form. */

export type RuleType = "url" | "click" | "event";

export interface StepDraft {
  key: number;
  id?: string;
  name: string;
  type: RuleType;
  value: string;
  stage: string;
}

export interface TaskDraft {
  key: number;
  id?: string;
  title: string;
  instructions: string;
  startUrl: string;
  timeLimitSec: string;
  seq: boolean;
  successType: RuleType | "none";
  successValue: string;
  steps: StepDraft[];
}

export interface StudyDraft {
  name: string;
  description: string;
  origins: string;
  status: "draft" | "live" | "closed";
  sus: boolean;
  tags: string;
  thresholds: Record<string, string>;
  privacy: "readable" | "mask-all-text";
  /** One CSS selector per line. */
  maskSelectors: string;
  unmaskSelectors: string;
  /** Comma separated. */
  keepQueryKeys: string;
  retentionDays: string;
  tasks: TaskDraft[];
}

/** The thresholds a study may override, as `group.field` with what the field means. */
export const THRESHOLD_FIELDS: { path: string; label: string }[] = [
  { path: "rageClick.minClicks", label: "Rage click: clicks" },
  { path: "rageClick.maxIntervalMs", label: "Rage click: max ms between" },
  { path: "rageClick.maxDistancePx", label: "Rage click: max px apart" },
  { path: "deadClick.mutationWindowMs", label: "Dead click: ms to wait for a change" },
  { path: "errorClick.windowMs", label: "Error click: ms after the click" },
  { path: "uTurn.windowMs", label: "U-turn: ms to come back" },
  { path: "thrashedCursor.minDirectionChanges", label: "Thrashed cursor: direction changes" },
  { path: "hesitation.idleMs", label: "Hesitation: idle ms" },
];

let nextKey = 1;
const key = () => nextKey++;

const ruleValue = (r: JourneyStep["match"]) =>
  r.type === "url" ? r.pattern : r.type === "click" ? r.selector : r.name;

export function newStep(): StepDraft {
  return { key: key(), name: "", type: "url", value: "/", stage: "" };
}

export function newTask(origin = ""): TaskDraft {
  return {
    key: key(),
    title: "",
    instructions: "",
    startUrl: origin ? `${origin}/` : "",
    timeLimitSec: "",
    seq: true,
    successType: "none",
    successValue: "",
    steps: [newStep()],
  };
}

export function emptyDraft(): StudyDraft {
  return {
    name: "",
    description: "",
    origins: "",
    status: "draft",
    sus: true,
    tags: "",
    thresholds: {},
    privacy: "readable",
    maskSelectors: "",
    unmaskSelectors: "",
    keepQueryKeys: "",
    retentionDays: "",
    tasks: [newTask()],
  };
}

function taskDraft(t: Task): TaskDraft {
  return {
    key: key(),
    id: t.id,
    title: t.title,
    instructions: t.instructions,
    startUrl: t.startUrl,
    timeLimitSec: t.timeLimitSec === undefined ? "" : String(t.timeLimitSec),
    seq: t.question !== "none",
    successType: t.success?.type ?? "none",
    successValue: t.success ? ruleValue(t.success) : "",
    steps: t.steps.map((s) => ({
      key: key(),
      id: s.id,
      name: s.name,
      type: s.match.type,
      value: ruleValue(s.match),
      stage: s.stage ?? "",
    })),
  };
}

export function draftFromStudy(s: Study): StudyDraft {
  const thresholds: Record<string, string> = {};
  for (const [group, fields] of Object.entries(s.thresholds ?? {})) {
    for (const [field, value] of Object.entries(fields ?? {}))
      thresholds[`${group}.${field}`] = String(value);
  }
  return {
    name: s.name,
    description: s.description ?? "",
    origins: s.origins.join("\n"),
    status: s.status,
    sus: s.sus,
    tags: s.tags.join(", "),
    thresholds,
    privacy: s.privacy ?? "readable",
    maskSelectors: (s.maskSelectors ?? []).join("\n"),
    unmaskSelectors: (s.unmaskSelectors ?? s.textAllowlist ?? []).join("\n"),
    keepQueryKeys: (s.keepQueryKeys ?? []).join(", "),
    retentionDays: s.retentionDays === undefined ? "" : String(s.retentionDays),
    tasks: s.tasks.map(taskDraft),
  };
}

function rule(type: RuleType, value: string) {
  const v = value.trim();
  if (type === "url") return { type, pattern: v };
  if (type === "click") return { type, selector: v };
  return { type, name: v };
}

/** A number when the text is one, else the text itself (the API then says what is wrong). */
function numeric(text: string): number | string {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const lines = (text: string, sep: RegExp) =>
  text
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

/** The body for POST /api/studies (and PATCH, which takes the same fields). */
export function draftToInput(d: StudyDraft): StudyInput {
  const thresholds: Record<string, Record<string, number | string>> = {};
  for (const [path, value] of Object.entries(d.thresholds)) {
    if (!value.trim()) continue;
    const [group, field] = path.split(".") as [string, string];
    thresholds[group] = { ...thresholds[group], [field]: numeric(value) };
  }
  const input = {
    name: d.name.trim(),
    description: d.description.trim(),
    origins: lines(d.origins, /[\s,]+/),
    status: d.status,
    sus: d.sus,
    tags: lines(d.tags, /,/),
    thresholds,
    privacy: d.privacy,
    maskSelectors: lines(d.maskSelectors, /\n/),
    unmaskSelectors: lines(d.unmaskSelectors, /\n/),
    keepQueryKeys: lines(d.keepQueryKeys, /[\s,]+/),
    ...(d.retentionDays.trim() ? { retentionDays: numeric(d.retentionDays) } : {}),
    tasks: d.tasks.map((t) => ({
      ...(t.id ? { id: t.id } : {}),
      title: t.title,
      instructions: t.instructions,
      startUrl: t.startUrl.trim(),
      ...(t.timeLimitSec.trim() ? { timeLimitSec: numeric(t.timeLimitSec) } : {}),
      question: t.seq ? "seq" : "none",
      ...(t.successType !== "none" ? { success: rule(t.successType, t.successValue) } : {}),
      steps: t.steps.map((s) => ({
        ...(s.id ? { id: s.id } : {}),
        name: s.name,
        match: rule(s.type, s.value),
        ...(s.stage ? { stage: s.stage } : {}),
      })),
    })),
  };
  return input as unknown as StudyInput;
}
