import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import {
  type Annotation,
  type AnnotationDraft,
  DEFAULT_TAGS,
  type StepVisit,
  type Study,
} from "../api/types";
import { stepOfRange } from "../replay/timeline-math";
import { useApp } from "../state/context";
import { clock, SEVERITY_LABELS } from "./format";
import { Field } from "./ui";

export interface FormSeed {
  t: number;
  tEnd?: number;
  tag?: string;
  severity?: number;
  note?: string;
  signalId?: string;
  stepId?: string;
}

const val = (e: Event) => (e.target as HTMLInputElement).value;

/** Add or change an annotation: tag, severity, note, step (prefilled from the time). */
export function AnnotationForm({
  study,
  sessionId,
  visits,
  seed,
  editing,
  onSaved,
  onDeleted,
  onCancel,
}: {
  study: Study;
  sessionId: string;
  visits: StepVisit[];
  seed: FormSeed;
  editing: Annotation | null;
  onSaved(a: Annotation): void;
  onDeleted(id: string): void;
  onCancel(): void;
}) {
  const app = useApp();
  const tags = [...new Set([...study.tags, ...DEFAULT_TAGS])];
  const t = editing?.t ?? seed.t;
  const tEnd = editing?.tEnd ?? seed.tEnd;
  // What the API would choose: the step at t, or the one a range spends most time in.
  const fromTime = stepOfRange(visits, t, tEnd)?.stepId ?? "";
  const initialStep = editing ? (editing.stepId ?? "") : (seed.stepId ?? fromTime);
  const [tag, setTag] = useState(editing?.tag ?? seed.tag ?? tags[0] ?? "confusion");
  const [severity, setSeverity] = useState(editing?.severity ?? seed.severity ?? 2);
  const [note, setNote] = useState(editing?.note ?? seed.note ?? "");
  const [stepId, setStepId] = useState(initialStep);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // An untouched step is left to the API, which places the time in the same step.
    const stepChanged = stepId !== initialStep || (editing !== null && stepId !== (editing.stepId ?? ""));
    const draft: AnnotationDraft = {
      t,
      ...(tEnd !== undefined ? { tEnd } : {}),
      tag,
      severity,
      note: note.trim(),
      ...(seed.signalId && !editing ? { signalId: seed.signalId } : {}),
      ...((stepChanged || seed.stepId) && stepId ? { stepId } : {}),
    };
    try {
      const saved = editing
        ? await app.api.updateAnnotation(editing.id, draft)
        : await app.api.createAnnotation(sessionId, draft);
      onSaved(saved);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", (err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!editing) return;
    try {
      await app.api.deleteAnnotation(editing.id);
      onDeleted(editing.id);
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };

  const errs = (p: string) => error?.forField(p) ?? [];
  return (
    <form
      class="annotation-form card"
      onSubmit={save}
      aria-label={editing ? "Edit annotation" : "New annotation"}
      onKeyDown={(e) => e.key === "Escape" && onCancel()}
    >
      <h3>
        {editing ? "Edit annotation" : "Tag this moment"}{" "}
        <span class="muted">
          at {clock(t)}
          {tEnd !== undefined && `–${clock(tEnd)}`}
        </span>
      </h3>
      <div class="grid">
        <Field label="Tag" errors={errs("tag")}>
          <select ref={first} name="tag" value={tag} onChange={(e) => setTag(val(e))}>
            {tags.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Severity" errors={errs("severity")}>
          <select name="severity" value={String(severity)} onChange={(e) => setSeverity(Number(val(e)))}>
            {SEVERITY_LABELS.map((l, i) => (
              <option key={l} value={String(i)}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Journey step"
          hint={
            stepId !== fromTime
              ? undefined
              : tEnd !== undefined
                ? "Where most of the range was spent"
                : "From the time"
          }
          errors={errs("stepId")}
          wide
        >
          <select name="step" value={stepId} onChange={(e) => setStepId(val(e))}>
            <option value="">No step</option>
            {study.tasks.map((task, i) => (
              <optgroup key={task.id} label={`${i + 1}. ${task.title}`}>
                {task.steps.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field label="Note" errors={errs("note")} wide>
          <textarea
            name="note"
            rows={3}
            value={note}
            onInput={(e) => setNote(val(e))}
            placeholder="What happened, in the participant's terms"
          />
        </Field>
      </div>
      {error && error.details.length === 0 && (
        <p class="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Saving…" : editing ? "Save" : "Add annotation"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {editing && (
          <button type="button" class="danger push-right" onClick={remove}>
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
