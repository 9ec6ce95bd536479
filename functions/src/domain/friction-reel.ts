import type { z } from "zod";
import type { Annotation } from "./annotation";
import type { ClipInput } from "./clip";
import type { Signal } from "./session";
import { oneOf, optional, record, text } from "./validation";

/** How much of the recording a friction clip shows around its moment. */
export const LEAD_MS = 4000;
export const TAIL_MS = 6000;

export const frictionReelSchema = record(
  {
    taskId: text({ min: 1, max: 40 }),
    stepId: optional(text({ min: 1, max: 40 })),
    source: optional(oneOf(["signal", "annotation"])),
    kind: optional(text({ min: 1, max: 40 })),
    title: optional(text({ min: 1, max: 200 })),
  },
  {
    description:
      "A step's friction (taskId, stepId) or one ranked problem (with source and kind): one clip per session, around its first moment",
  },
);
export type FrictionQuery = z.output<typeof frictionReelSchema>;

export interface SessionMoments {
  id: string;
  durationMs: number;
  signals: readonly Signal[];
  annotations: readonly Annotation[];
}

const words = (kind: string) => kind.replace(/_/g, " ");

/** The clip a moment becomes: a few seconds before it to a few after, inside the recording. */
export function clipAround(t: number, durationMs: number): { start: number; end: number } | undefined {
  const start = Math.max(0, Math.round(t - LEAD_MS));
  const end = Math.min(durationMs, Math.round(t + TAIL_MS));
  return end > start ? { start, end } : undefined;
}

/**
 * The first moment per session that matches the query (signals and reviewer annotations
 * at that task and step, of that kind or tag), as clip inputs, sessions in the order given.
 */
export function frictionClips(
  sessions: readonly SessionMoments[],
  q: FrictionQuery,
  stepName: string | undefined,
): { sessionId: string; input: ClipInput }[] {
  const at = (x: { taskId?: string; stepId?: string }) =>
    x.taskId === q.taskId && (q.stepId === undefined || x.stepId === q.stepId);
  const out: { sessionId: string; input: ClipInput }[] = [];
  for (const s of sessions) {
    type Found = { t: number; kind: string; source: "signal" | "annotation"; id: string; note?: string };
    const found: Found[] = [];
    if (q.source !== "annotation") {
      for (const sig of s.signals) {
        if (at(sig) && (q.kind === undefined || sig.kind === q.kind)) {
          found.push({ t: sig.t, kind: sig.kind, source: "signal", id: sig.id });
        }
      }
    }
    if (q.source !== "signal") {
      for (const a of s.annotations) {
        if (at(a) && (q.kind === undefined || a.tag === q.kind)) {
          found.push({
            t: a.t,
            kind: a.tag,
            source: "annotation",
            id: a.id,
            ...(a.note ? { note: a.note } : {}),
          });
        }
      }
    }
    const first = found.sort((a, b) => a.t - b.t)[0];
    const range = first && clipAround(first.t, s.durationMs);
    if (!first || !range) continue;
    const title = `${words(first.kind)[0]?.toUpperCase() ?? ""}${words(first.kind).slice(1)}${stepName ? ` at ${stepName}` : ""}`;
    out.push({
      sessionId: s.id,
      input: {
        ...range,
        title,
        tag: first.kind.slice(0, 40),
        ...(first.note ? { note: first.note.slice(0, 5000) } : {}),
        source: { kind: first.source, id: first.id },
      },
    });
  }
  return out;
}
