import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { Annotation, Clip, ClipDraft, Signal, StepVisit } from "../api/types";
import type { Moment } from "../replay/moments";
import { useApp } from "../state/context";
import { clock } from "./format";
import { ShareLink } from "./share-link";
import { Field } from "./ui";

export interface ClipSeed {
  start: number;
  end: number;
  title: string;
  tag?: string;
  source?: ClipDraft["source"];
}

/** The longest clip the API takes (a clip is evidence, not a copy of the recording). */
export const CLIP_MAX_MS = 30 * 60_000;
const LEAD_MS = 4000;
const TAIL_MS = 6000;

/** The clip a moment becomes: a few seconds before it to a few after, inside the recording. */
export function clipSeedAt(
  t: number,
  durationMs: number,
  title: string,
  extra: Partial<ClipSeed> = {},
): ClipSeed {
  const start = Math.max(0, Math.round(t - LEAD_MS));
  const end = Math.max(start + 1, Math.min(durationMs, Math.round(t + TAIL_MS)));
  return { start, end, title: title.slice(0, 200), ...extra };
}

/** A clip around a moment: its words as the title, its tag or kind as the clip's tag; a range whole. */
export function clipOfMoment(m: Moment, durationMs: number): ClipSeed {
  const tag =
    m.kind === "annotation"
      ? (m.source as Annotation).tag
      : m.kind === "signal"
        ? (m.source as Signal).kind
        : undefined;
  // A task's start or end is no stored moment of its own: its clip is a manual one.
  const source = m.kind === "task" ? { kind: "manual" as const } : { kind: m.kind, id: m.id };
  const range = m.tEnd !== undefined ? { start: m.t, end: Math.min(m.tEnd, m.t + CLIP_MAX_MS) } : {};
  return clipSeedAt(m.t, durationMs, m.label, { ...(tag ? { tag } : {}), source, ...range });
}

/** A clip of a whole step visit (at most the longest clip). */
export function clipOfVisit(v: StepVisit, stepName: string, durationMs: number): ClipSeed {
  const end = Math.min(v.leftAt, v.enteredAt + CLIP_MAX_MS, durationMs);
  return { start: v.enteredAt, end, title: `${stepName}: the whole visit`, source: { kind: "visit" } };
}

const seconds = (ms: number) => (Math.round(ms / 100) / 10).toFixed(1);
const val = (e: Event) => (e.target as HTMLInputElement).value;

/**
 * Make a clip: the range (set from the playhead or typed in seconds, drawn on the timeline),
 * a title and a note; once saved, a share link can be made from here.
 */
export function ClipForm({
  sessionId,
  durationMs,
  seed,
  now,
  onRange,
  onSaved,
  onCancel,
}: {
  sessionId: string;
  durationMs: number;
  seed: ClipSeed;
  now(): number;
  onRange(r: { start: number; end: number }): void;
  onSaved(c: Clip): void;
  onCancel(): void;
}) {
  const app = useApp();
  const [start, setStart] = useState(seed.start);
  const [end, setEnd] = useState(seed.end);
  const [title, setTitle] = useState(seed.title);
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Clip | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => onRange({ start, end }), [start, end]);

  const fromSeconds = (s: string) => Math.max(0, Math.min(durationMs, Math.round(Number(s) * 1000) || 0));
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const draft: ClipDraft = {
      start,
      end,
      title: title.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(seed.tag ? { tag: seed.tag } : {}),
      ...(seed.source ? { source: seed.source } : {}),
    };
    try {
      const clip = await app.api.createClip(sessionId, draft);
      setSaved(clip);
      onSaved(clip);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", (err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const errs = (p: string) => error?.forField(p) ?? [];

  if (saved) {
    return (
      <section class="clip-form card" aria-label="Clip saved" data-testid="clip-saved">
        <h3>
          Clip saved <span class="muted">{`${clock(saved.start)}–${clock(saved.end)}`}</span>
        </h3>
        <p>{saved.title}</p>
        <ShareLink kind="clip" id={saved.id} />
        <div class="actions">
          <a class="button small" href={`/studies/${saved.studyId}/clips`}>
            All clips
          </a>
          <button type="button" class="small" onClick={onCancel}>
            Close
          </button>
        </div>
      </section>
    );
  }
  return (
    <form
      class="clip-form card"
      onSubmit={save}
      aria-label="New clip"
      onKeyDown={(e) => e.key === "Escape" && onCancel()}
    >
      <h3>
        Make a clip <span class="muted">{`${clock(start)}–${clock(end)} · ${seconds(end - start)} s`}</span>
      </h3>
      <div class="grid">
        <Field label="Start (s)" errors={errs("start")}>
          <input
            type="number"
            name="start"
            min="0"
            step="0.1"
            value={seconds(start)}
            onChange={(e) => setStart(fromSeconds(val(e)))}
          />
          <button type="button" class="small" onClick={() => setStart(Math.round(now()))}>
            Start at playhead
          </button>
        </Field>
        <Field label="End (s)" errors={errs("end")}>
          <input
            type="number"
            name="end"
            min="0"
            step="0.1"
            value={seconds(end)}
            onChange={(e) => setEnd(fromSeconds(val(e)))}
          />
          <button type="button" class="small" onClick={() => setEnd(Math.round(now()))}>
            End at playhead
          </button>
        </Field>
        <Field label="Title" errors={errs("title")} wide>
          <input ref={first} name="title" value={title} maxLength={200} onInput={(e) => setTitle(val(e))} />
        </Field>
        <Field label="Note" errors={errs("note")} wide>
          <textarea
            name="note"
            rows={2}
            value={note}
            onInput={(e) => setNote(val(e))}
            placeholder="What to watch for"
          />
        </Field>
      </div>
      {error && error.details.length === 0 && (
        <p class="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !title.trim()} data-testid="clip-save">
          {busy ? "Saving…" : "Save clip"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
