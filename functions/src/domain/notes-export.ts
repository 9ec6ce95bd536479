import { csvCell } from "./analysis/report-csv";
import { mdText } from "./analysis/report-markdown";
import type { Annotation } from "./annotation";
import type { Clip } from "./clip";
import type { Attempt, Feedback } from "./session";
import { findStep, type Study } from "./study";

/** One line of research notes: what was said or tagged, by whom, and where to watch it. */
export interface NoteRow {
  kind: "annotation" | "clip" | "quote";
  participant: string;
  sessionId: string;
  /** ms from the session's first event; the end for clips and ranged annotations. */
  t: number;
  tEnd?: number;
  task?: string;
  step?: string;
  tag?: string;
  severity?: number;
  title?: string;
  text: string;
  author: string;
  /** The moment in the reviewer's replay: `{APP}/sessions/{id}?t=ms`. */
  link: string;
}

export interface SessionNotes {
  id: string;
  participantLabel: string;
  /** The recording's first event (ms since epoch), to place problem reports on its timeline. */
  firstTs?: number;
  feedback: readonly Feedback[];
  attempts: readonly Attempt[];
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** Every annotation, clip and participant quote of a study, in session order then time. */
export function notesOf(
  study: Study,
  sessions: readonly SessionNotes[],
  annotations: readonly Annotation[],
  clips: readonly Clip[],
  appUrl: string,
): NoteRow[] {
  const base = appUrl.replace(/\/+$/, "");
  const link = (sessionId: string, t: number) =>
    `${base}/sessions/${sessionId}?t=${Math.max(0, Math.round(t))}`;
  const place = (taskId?: string, stepId?: string) => {
    const found = stepId ? findStep(study, stepId) : undefined;
    const task = found?.task ?? study.tasks.find((t) => t.id === taskId);
    return { ...(task ? { task: task.title } : {}), ...(found ? { step: found.step.name } : {}) };
  };
  const label = new Map(sessions.map((s) => [s.id, s.participantLabel]));
  const rows: NoteRow[] = [];
  for (const a of annotations) {
    rows.push({
      kind: "annotation",
      participant: label.get(a.sessionId) ?? "",
      sessionId: a.sessionId,
      t: a.t,
      ...(a.tEnd !== undefined ? { tEnd: a.tEnd } : {}),
      ...place(a.taskId, a.stepId),
      tag: a.tag,
      severity: a.severity,
      text: a.note ?? "",
      author: a.author,
      link: link(a.sessionId, a.t),
    });
  }
  for (const c of clips) {
    rows.push({
      kind: "clip",
      participant: c.participantLabel,
      sessionId: c.sessionId,
      t: c.start,
      tEnd: c.end,
      ...place(c.taskId, c.stepId),
      ...(c.tag ? { tag: c.tag } : {}),
      title: c.title,
      text: c.note ?? "",
      author: c.author,
      link: link(c.sessionId, c.start),
    });
  }
  for (const s of sessions) {
    for (const f of s.feedback) {
      const t = f.clientTs !== undefined && s.firstTs !== undefined ? Math.max(0, f.clientTs - s.firstTs) : 0;
      rows.push({
        kind: "quote",
        participant: s.participantLabel,
        sessionId: s.id,
        t,
        ...place(f.taskId),
        text: f.text,
        author: s.participantLabel,
        link: link(s.id, t),
      });
    }
    for (const a of s.attempts) {
      if (!a.comment) continue;
      const t = a.endT ?? a.startT ?? 0;
      rows.push({
        kind: "quote",
        participant: s.participantLabel,
        sessionId: s.id,
        t,
        ...place(a.taskId),
        title: "After the task",
        text: a.comment,
        author: s.participantLabel,
        link: link(s.id, t),
      });
    }
  }
  const order = new Map(sessions.map((s, i) => [s.id, i]));
  return rows.sort((a, b) => (order.get(a.sessionId) ?? 0) - (order.get(b.sessionId) ?? 0) || a.t - b.t);
}

const HEADER = [
  "kind",
  "participant",
  "time",
  "t_ms",
  "end_ms",
  "task",
  "step",
  "tag",
  "severity",
  "title",
  "text",
  "author",
  "link",
];

export function notesToCsv(rows: readonly NoteRow[]): string {
  const lines = rows.map((r) =>
    [
      r.kind,
      r.participant,
      clock(r.t),
      r.t,
      r.tEnd,
      r.task,
      r.step,
      r.tag,
      r.severity,
      r.title,
      r.text,
      r.author,
      r.link,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[HEADER.join(","), ...lines].join("\r\n")}\r\n`;
}

const KIND_WORD = { annotation: "Annotation", clip: "Clip", quote: "Quote" } as const;

export function notesToMarkdown(study: Study, rows: readonly NoteRow[]): string {
  const out = [
    `# Notes: ${mdText(study.name)}`,
    "",
    `${rows.length} notes: annotations, clips and participant quotes.`,
  ];
  let participant: string | undefined;
  for (const r of rows) {
    if (r.participant !== participant || participant === undefined) {
      participant = r.participant;
      out.push("", `## ${mdText(r.participant || "Participant")}`, "");
    }
    const where = [r.task, r.step]
      .filter(Boolean)
      .map((s) => mdText(s as string))
      .join(" › ");
    const range = r.tEnd !== undefined ? `${clock(r.t)}–${clock(r.tEnd)}` : clock(r.t);
    const tags = [
      r.tag ? `\`${r.tag.replace(/`/g, "")}\`` : "",
      r.severity !== undefined ? `severity ${r.severity}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    const head = [
      `**${KIND_WORD[r.kind]}**`,
      `[${range}](${r.link})`,
      where,
      tags,
      r.title ? `“${mdText(r.title)}”` : "",
    ]
      .filter(Boolean)
      .join(" · ");
    const body = r.kind === "quote" ? `> ${mdText(r.text)}` : r.text ? mdText(r.text) : "";
    out.push(
      `- ${head}${body ? `${r.kind === "quote" ? "\n\n  " : ": "}${body}` : ""}${r.kind === "annotation" || r.kind === "clip" ? ` (${mdText(r.author)})` : ""}`,
    );
  }
  return `${out.join("\n")}\n`;
}
