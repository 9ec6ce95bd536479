import { OUTCOMES, SIGNAL_KINDS } from "../session";
import type { StudyReport } from "./report";

/** A cell as CSV: quoted when needed; a leading = + - @ is defused so spreadsheets never run it. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  let s = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const sec = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 100) / 10);
const pct = (p: number | undefined) => (p === undefined ? undefined : Math.round(p * 1000) / 10);

const HEADER = [
  "level",
  "task",
  "step",
  "stage",
  "participants",
  "reached",
  "dropped_off",
  "success_rate_pct",
  "ci95_low_pct",
  "ci95_high_pct",
  "success_or_claimed_pct",
  "success_or_claimed_ci95_low_pct",
  "success_or_claimed_ci95_high_pct",
  ...OUTCOMES,
  "in_progress",
  "median_time_on_task_s",
  "time_q1_s",
  "time_q3_s",
  "mean_seq",
  "median_dwell_s",
  ...SIGNAL_KINDS,
  "annotations",
  "rank",
  "kind",
  "severity",
  "frequency",
  "score",
  "participant",
  "t_s",
  "author",
  "text",
];

/**
 * The report as one CSV table for spreadsheets: a row per task, a row per journey step
 * (under its task), a row per participant comment or problem report, a row per reviewer
 * note, and a row per ranked friction item (`level` says which).
 */
export function reportToCsv(report: StudyReport): string {
  const rows: (string | number | undefined)[][] = [HEADER];
  const empty = () => HEADER.map(() => undefined as string | number | undefined);
  const set = (row: (string | number | undefined)[], col: string, v: string | number | undefined) => {
    row[HEADER.indexOf(col)] = v;
  };
  const titles = new Map(report.tasks.map((t) => [t.taskId, t.title]));
  for (const t of report.tasks) {
    const row = empty();
    set(row, "level", "task");
    set(row, "task", t.title);
    set(row, "participants", t.participants);
    set(row, "success_rate_pct", pct(t.successRate?.rate));
    set(row, "ci95_low_pct", pct(t.successRate?.low));
    set(row, "ci95_high_pct", pct(t.successRate?.high));
    set(row, "success_or_claimed_pct", pct(t.successOrClaimedRate?.rate));
    set(row, "success_or_claimed_ci95_low_pct", pct(t.successOrClaimedRate?.low));
    set(row, "success_or_claimed_ci95_high_pct", pct(t.successOrClaimedRate?.high));
    for (const o of [...OUTCOMES, "in_progress" as const]) set(row, o, t.outcomes[o]);
    set(row, "median_time_on_task_s", sec(t.timeOnTaskMs?.median));
    set(row, "time_q1_s", sec(t.timeOnTaskMs?.q1));
    set(row, "time_q3_s", sec(t.timeOnTaskMs?.q3));
    set(row, "mean_seq", t.seq.mean === undefined ? undefined : Math.round(t.seq.mean * 100) / 100);
    for (const k of SIGNAL_KINDS) set(row, k, t.signals[k] ?? 0);
    rows.push(row);
    for (const s of t.steps) {
      const r = empty();
      set(r, "level", "step");
      set(r, "task", t.title);
      set(r, "step", s.name);
      set(r, "stage", s.stage);
      set(r, "reached", s.reached);
      set(r, "dropped_off", s.droppedOff);
      set(r, "median_dwell_s", sec(s.dwellMs?.median));
      for (const k of SIGNAL_KINDS) set(r, k, s.signals[k] ?? 0);
      set(r, "annotations", s.annotations.count);
      rows.push(r);
    }
  }
  // Participants' words and reviewers' notes: separate rows, never one kind of row.
  for (const t of report.tasks) {
    const words = [
      ...t.steps.flatMap((s) => s.participantWords.map((q) => ({ q, step: s.name }))),
      ...t.comments.map((q) => ({ q, step: undefined })),
    ];
    for (const { q, step } of words) {
      const r = empty();
      set(r, "level", q.source === "comment" ? "participant_comment" : "participant_report");
      set(r, "task", t.title);
      set(r, "step", step);
      set(r, "participant", q.participant);
      set(r, "t_s", sec(q.t));
      set(r, "text", q.text);
      rows.push(r);
    }
    const notes = [
      ...t.steps.flatMap((s) => s.reviewerNotes.map((n) => ({ n, step: s.name as string | undefined }))),
      ...t.reviewerNotes.map((n) => ({ n, step: undefined })),
    ];
    for (const { n, step } of notes) {
      const r = empty();
      set(r, "level", "reviewer_note");
      set(r, "task", t.title);
      set(r, "step", step);
      set(r, "participant", n.participant);
      set(r, "t_s", sec(n.t));
      set(r, "author", n.author);
      set(r, "kind", n.tag);
      set(r, "severity", n.severity);
      set(r, "text", n.text);
      rows.push(r);
    }
  }
  for (const f of report.friction) {
    const r = empty();
    set(r, "level", "friction");
    set(r, "task", titles.get(f.taskId));
    set(r, "step", f.stepName);
    set(r, "participants", f.participants);
    set(r, "rank", f.rank);
    set(r, "kind", `${f.source}:${f.kind}`);
    set(r, "severity", f.severity);
    set(r, "frequency", f.frequency);
    set(r, "score", f.score);
    rows.push(r);
  }
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
