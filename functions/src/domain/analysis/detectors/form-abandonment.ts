import type { Detector, Emit } from "../types";

/** Controls that are toggles, not something to fill in, when they are not part of a form. */
const TOGGLES = new Set(["checkbox", "radio", "range", "color"]);

interface OpenForm {
  form: string;
  /** The field edited last, and when. */
  field: string;
  t: number;
}

/**
 * Form abandonment: a field was edited (focused and changed) and then the task ended, the
 * page was left or the recording stopped, without that form being submitted. One signal per
 * abandoned form, at the last edit, naming the last field touched. A checkbox, radio or
 * slider outside any form (a filter, a setting) is not a form being filled.
 */
export function formAbandonmentDetector(emit: Emit): Detector {
  const open = new Map<string, OpenForm>();

  const abandon = (why: string) => {
    for (const f of open.values()) {
      emit({
        kind: "form_abandonment",
        t: f.t,
        target: { selector: f.field },
        detail: `${f.form === "" ? "fields" : f.form} edited, then ${why} without submitting`,
      });
    }
    open.clear();
  };

  return {
    form(t, action, selector, formSelector, fieldType) {
      if (action === "edit") {
        if (!formSelector && fieldType && TOGGLES.has(fieldType)) return;
        const form = formSelector ?? "";
        open.set(form, { form, field: selector, t });
        return;
      }
      // A submit closes its form; a submit of an unknown form closes the fields outside forms too.
      open.delete(selector);
      if (formSelector) open.delete(formSelector);
      open.delete("");
    },
    page() {
      abandon("the page was left");
    },
    task(_t, action) {
      if (action === "end") abandon("the task ended");
    },
    finish() {
      abandon("the recording stopped");
    },
  };
}
