import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError } from "../api/client";
import { PrivacyEditor } from "../components/privacy-editor";
import { TaskEditor } from "../components/task-editor";
import { ErrorState, Field, Loading } from "../components/ui";
import { withoutEdited } from "../state/clear-errors";
import { useApp } from "../state/context";
import {
  draftFromStudy,
  draftToInput,
  emptyDraft,
  newTask,
  type StudyDraft,
  THRESHOLD_FIELDS,
} from "../state/study-draft";

const val = (e: Event) => (e.target as HTMLInputElement).value;

/** Create a study (/studies/new) or change one (/studies/:id/edit). */
export function StudyEditor() {
  const app = useApp();
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id;
  const [draft, setDraft] = useState<StudyDraft | null>(id ? null : emptyDraft());
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!id) return;
    app.api.getStudy(id).then((s) => setDraft(draftFromStudy(s)), setLoadError);
  }, [app, id]);

  if (loadError)
    return (
      <main class="page">
        <ErrorState error={loadError} />
      </main>
    );
  if (!draft)
    return (
      <main class="page">
        <Loading what="the study" />
      </main>
    );

  const set = (changes: Partial<StudyDraft>) => {
    const next = { ...draft, ...changes };
    setError(withoutEdited(error, draft, next));
    setDraft(next);
  };
  const errors = (p: string) => error?.forField(p) ?? [];
  const firstOrigin = draft.origins.split(/[\s,]+/).find(Boolean) ?? "";

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const input = draftToInput(draft);
      const saved = id ? await app.api.updateStudy(id, input) : await app.api.createStudy(input);
      app.notify(id ? "Study saved." : "Study created.");
      route(`/studies/${saved.id}`);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, "unknown", (err as Error).message);
      setError(apiError);
      requestAnimationFrame(() =>
        (
          document.querySelector<HTMLElement>(".invalid input, .invalid textarea, .invalid select") ??
          document.querySelector<HTMLElement>(".form-error")
        )?.focus(),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <main class="page narrow-page">
      <p class="crumbs">
        <a href={id ? `/studies/${id}` : "/"}>← {id ? "Back to the study" : "Studies"}</a>
      </p>
      <h1>{id ? "Edit study" : "New study"}</h1>
      <form onSubmit={save} noValidate>
        {error && (
          <div class="notice error form-error" role="alert" tabIndex={-1}>
            {error.message}
            {error.details.length > 0 && " The fields to fix are marked below."}
          </div>
        )}
        <section class="card grid">
          <Field label="Name" errors={errors("name")} wide>
            <input value={draft.name} onInput={(e) => set({ name: val(e) })} />
          </Field>
          <Field label="Description (for your team)" errors={errors("description")} wide>
            <textarea rows={2} value={draft.description} onInput={(e) => set({ description: val(e) })} />
          </Field>
          <Field
            label="Site origins"
            hint="One per line, such as https://www.example.com: where the recorder may run"
            errors={errors("origins")}
            wide
          >
            <textarea rows={2} value={draft.origins} onInput={(e) => set({ origins: val(e) })} />
          </Field>
          <Field label="Status" errors={errors("status")}>
            <select value={draft.status} onChange={(e) => set({ status: val(e) as StudyDraft["status"] })}>
              <option value="draft">Draft: not yet open to participants</option>
              <option value="live">Live: invites work</option>
              <option value="closed">Closed: no new sessions</option>
            </select>
          </Field>
          <Field
            label="Custom tags"
            hint="Comma separated; the six default tags are always there"
            errors={errors("tags")}
          >
            <input value={draft.tags} onInput={(e) => set({ tags: val(e) })} />
          </Field>
          <label class="check wide">
            <input
              type="checkbox"
              checked={draft.sus}
              onChange={(e) => set({ sus: (e.target as HTMLInputElement).checked })}
            />
            Ask the System Usability Scale (SUS) questionnaire at the end
          </label>
        </section>

        <PrivacyEditor draft={draft} set={set} errors={errors} />

        <h2>Tasks</h2>
        {draft.tasks.map((t, i) => (
          <TaskEditor
            key={t.key}
            task={t}
            index={i}
            error={error}
            canRemove={draft.tasks.length > 1}
            count={draft.tasks.length}
            onMove={(delta) => {
              const tasks = [...draft.tasks];
              const [moved] = tasks.splice(i, 1);
              if (moved) tasks.splice(i + delta, 0, moved);
              set({ tasks });
            }}
            onChange={(x) => set({ tasks: draft.tasks.map((y, j) => (j === i ? x : y)) })}
            onRemove={() => set({ tasks: draft.tasks.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" onClick={() => set({ tasks: [...draft.tasks, newTask(firstOrigin)] })}>
          Add a task
        </button>

        <details class="card thresholds">
          <summary>Signal thresholds (optional)</summary>
          <p class="muted">
            Leave empty to use the defaults. Changes apply when sessions are analysed again.
          </p>
          <div class="grid">
            {THRESHOLD_FIELDS.map((f) => (
              <Field key={f.path} label={f.label} errors={errors(`thresholds.${f.path}`)}>
                <input
                  inputMode="numeric"
                  value={draft.thresholds[f.path] ?? ""}
                  onInput={(e) => set({ thresholds: { ...draft.thresholds, [f.path]: val(e) } })}
                />
              </Field>
            ))}
          </div>
        </details>

        <div class="actions sticky">
          <button type="submit" class="primary" disabled={saving}>
            {saving ? "Saving…" : id ? "Save changes" : "Create study"}
          </button>
          <a class="button" href={id ? `/studies/${id}` : "/"}>
            Cancel
          </a>
        </div>
      </form>
    </main>
  );
}
