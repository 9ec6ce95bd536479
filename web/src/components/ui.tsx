import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useApp, useSnapshot } from "../state/context";
import { OUTCOME_LABELS } from "./format";

export function Loading({ what }: { what: string }) {
  return (
    <div class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div class="state error" role="alert">
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** A labelled form field with its API validation messages underneath. */
export function Field({
  label,
  errors,
  hint,
  children,
  wide,
}: {
  label: string;
  errors?: string[];
  hint?: string;
  children: ComponentChildren;
  wide?: boolean;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label class={`field${wide ? " wide" : ""}${errors?.length ? " invalid" : ""}`}>
      <span class="label">{label}</span>
      {children}
      {hint && <span class="hint">{hint}</span>}
      {errors?.map((e) => (
        <span class="field-error" key={e}>
          {e}
        </span>
      ))}
    </label>
  );
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const app = useApp();
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      app.notify("The browser did not allow copying; select the text and copy it.", "error");
    }
  };
  return (
    <button type="button" class="small" onClick={copy} aria-label={`${label}: ${text}`}>
      {done ? "Copied" : label}
    </button>
  );
}

export function Toasts() {
  const app = useApp();
  const { toasts } = useSnapshot();
  return (
    <div class="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div class={`toast ${t.kind}`} key={t.id} role={t.kind === "error" ? "alert" : "status"}>
          <span>{t.text}</span>
          <button type="button" class="link" aria-label="Dismiss" onClick={() => app.dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const title =
    outcome === "claimed" ? "The participant said done; the success rule did not confirm it" : undefined;
  return (
    <span class={`badge ${outcome}`} title={title} data-outcome={outcome}>
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${status}`}>{status.replace(/_/g, " ")}</span>;
}
