import type { StudyDraft } from "../state/study-draft";
import { Field } from "./ui";

const val = (e: Event) => (e.target as HTMLInputElement).value;

/** The study's recording privacy: what is masked, which query values are kept, how long. */
export function PrivacyEditor({
  draft,
  set,
  errors,
}: {
  draft: StudyDraft;
  set: (patch: Partial<StudyDraft>) => void;
  errors: (path: string) => string[];
}) {
  return (
    <section class="card grid" aria-labelledby="privacy-title">
      <h2 id="privacy-title" class="wide">
        Privacy of the recording
      </h2>
      <p class="muted wide">
        What participants type is never recorded. Page text is recorded as they see it, unless you hide it
        here.
      </p>
      <Field label="Page text" errors={errors("privacy")}>
        <select
          data-fm="privacy-mode"
          value={draft.privacy}
          onChange={(e) => set({ privacy: val(e) as StudyDraft["privacy"] })}
        >
          <option value="readable">Recorded as it is (readable replay)</option>
          <option value="mask-all-text">All hidden (for pages that show personal data)</option>
        </select>
      </Field>
      <Field
        label="Keep for (days)"
        hint="Empty: until you delete it. Participants are told on the consent page."
        errors={errors("retentionDays")}
      >
        <input
          inputMode="numeric"
          value={draft.retentionDays}
          onInput={(e) => set({ retentionDays: val(e) })}
        />
      </Field>
      <Field
        label="Also hide"
        hint="CSS selectors, one per line, such as .account-number; [data-fm-mask] in your markup works too"
        errors={errors("maskSelectors")}
        wide
      >
        <textarea
          data-fm="mask-selectors"
          rows={2}
          value={draft.maskSelectors}
          onInput={(e) => set({ maskSelectors: val(e) })}
        />
      </Field>
      {draft.privacy === "mask-all-text" && (
        <Field
          label="Show anyway"
          hint="CSS selectors, one per line, whose text stays readable, such as nav, button, h1"
          errors={[...errors("unmaskSelectors"), ...errors("textAllowlist")]}
          wide
        >
          <textarea
            data-fm="unmask-selectors"
            rows={2}
            value={draft.unmaskSelectors}
            onInput={(e) => set({ unmaskSelectors: val(e) })}
          />
        </Field>
      )}
      <Field
        label="Query values to keep"
        hint="Comma separated keys, such as page, sort; every other value in a URL is recorded as 'redacted'"
        errors={errors("keepQueryKeys")}
        wide
      >
        <input value={draft.keepQueryKeys} onInput={(e) => set({ keepQueryKeys: val(e) })} />
      </Field>
    </section>
  );
}
