import type { Annotation, Attempt, SessionDetail, Signal } from "../api/types";
import { clock } from "../components/format";

/** The moments of a session in time order: what the list shows and j/k walk through. */

export type MomentKind = "task" | "signal" | "feedback" | "annotation";

type PlacedReport = SessionDetail["feedback"][number];

export interface Moment {
  id: string;
  kind: MomentKind;
  /** ms from the session's first event; `tEnd` for a range. */
  t: number;
  tEnd?: number;
  label: string;
  detail?: string;
  /** A participant's own words (a task comment or a problem report). */
  quote?: string;
  severity?: number;
  stepId?: string;
  /** For a task's end: how it ended. */
  outcome?: string;
  source: Signal | PlacedReport | Annotation | Attempt;
}

export interface MomentWords {
  /** A signal kind or tag in words. */
  label(kind: string): string;
  /** An outcome in words. */
  outcome(outcome: string): string;
  /** The task's title, by id. */
  taskTitle(taskId: string): string | undefined;
}

const identity: MomentWords = { label: (k) => k, outcome: (o) => o, taskTitle: () => undefined };

function taskMoments(a: Attempt, words: MomentWords): Moment[] {
  const out: Moment[] = [];
  const title = words.taskTitle(a.taskId);
  const name = `Task ${a.taskIndex + 1}`;
  if (a.startT !== undefined) {
    out.push({
      id: `task-start-${a.taskId}`,
      kind: "task",
      t: a.startT,
      label: `${name} started`,
      ...(title ? { detail: title } : {}),
      source: a,
    });
  }
  if (a.endT !== undefined) {
    const parts = [
      a.outcome ? words.outcome(a.outcome) : "No outcome",
      a.seq !== undefined ? `SEQ ${a.seq} of 7 (7 = very easy)` : "SEQ not answered",
    ];
    out.push({
      id: `task-end-${a.taskId}`,
      kind: "task",
      t: a.endT,
      label: `${name} ended`,
      detail: parts.join(" · "),
      ...(a.comment ? { quote: a.comment } : {}),
      ...(a.outcome ? { outcome: a.outcome } : {}),
      source: a,
    });
  }
  return out;
}

/**
 * Tasks' starts and ends (outcome, SEQ answer, comment), signals, problem reports and
 * annotations as one list in time order. Times and steps are the API's: attempts carry
 * startT/endT from analysis, reports their place on the recording (`t`).
 */
export function moments(
  session: Pick<SessionDetail, "attempts" | "signals" | "feedback" | "annotations">,
  durationMs: number,
  words: MomentWords = identity,
): Moment[] {
  const within = (t: number) => Math.min(Math.max(0, t), durationMs);
  const out: Moment[] = session.attempts.flatMap((a) => taskMoments(a, words));
  for (const s of session.signals) {
    const detail = s.detail ?? s.target?.text ?? s.target?.selector;
    out.push({
      id: s.id,
      kind: "signal",
      t: s.t,
      label: words.label(s.kind),
      ...(detail ? { detail } : {}),
      ...(s.stepId ? { stepId: s.stepId } : {}),
      source: s,
    });
  }
  for (const f of session.feedback) {
    if (f.t === undefined) continue;
    out.push({
      id: f.id,
      kind: "feedback",
      t: within(f.t),
      label: "Problem report",
      quote: f.text,
      ...(f.stepId ? { stepId: f.stepId } : {}),
      source: f,
    });
  }
  for (const a of session.annotations) {
    out.push({
      id: a.id,
      kind: "annotation",
      t: a.t,
      ...(a.tEnd !== undefined && a.tEnd > a.t ? { tEnd: a.tEnd } : {}),
      label: words.label(a.tag),
      ...(a.note ? { detail: a.note } : {}),
      severity: a.severity,
      ...(a.stepId ? { stepId: a.stepId } : {}),
      source: a,
    });
  }
  // At one instant: a task starts before what happens in it, and ends after.
  const rank = (m: Moment) =>
    m.kind === "task"
      ? m.id.startsWith("task-start-")
        ? 0
        : 4
      : { feedback: 1, signal: 2, annotation: 3 }[m.kind];
  return out.sort((a, b) => a.t - b.t || rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** The first moment strictly after t (with a small tolerance so j moves on from a seek). */
export function nextMoment(list: readonly Moment[], t: number, epsilon = 250): Moment | undefined {
  return list.find((m) => m.t > t + epsilon);
}

export function previousMoment(list: readonly Moment[], t: number, epsilon = 250): Moment | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as Moment;
    if (m.t < t - epsilon) return m;
  }
  return undefined;
}

/** The address of a moment of a session: opens the replay there (for a signed-in reviewer). */
export function momentLink(origin: string, sessionId: string, t: number): string {
  return `${origin}/sessions/${encodeURIComponent(sessionId)}?t=${Math.max(0, Math.round(t))}`;
}

/** Puts a link to a moment of the session on the clipboard, and says so. */
export async function copyMomentLink(
  app: { notify(text: string, kind?: "info" | "error"): void },
  sessionId: string,
  t: number,
): Promise<void> {
  const url = momentLink(location.origin, sessionId, t);
  try {
    await navigator.clipboard.writeText(url);
    app.notify(`Link to ${clock(t)} copied.`);
  } catch {
    app.notify(`The browser did not allow copying. The link: ${url}`, "error");
  }
}
