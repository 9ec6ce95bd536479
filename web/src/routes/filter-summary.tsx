import type { Study } from "../api/types";
import { humanize, OUTCOME_LABELS, plural } from "../components/format";
import { hopWords, routeWords } from "../state/path-words";
import type { SessionFilters } from "../state/session-filter";

const STANDING_WORDS = {
  counted: "counted in the journey map",
  in_progress: "still in progress",
  not_started: "not started",
} as const;

/** Every filter in force said in words, so a list opened from a number says what it counts. */
export function describeFilters(study: Study, f: SessionFilters): string[] {
  const task = study.tasks.find((t) => t.id === f.task);
  const steps = study.tasks.flatMap((t) => t.steps);
  const stepName = (id: string | undefined) => steps.find((s) => s.id === id)?.name ?? "a removed step";
  const out: string[] = [];
  if (f.standing) out.push(STANDING_WORDS[f.standing]);
  if (task) out.push(`task “${task.title}”`);
  if (f.outcome) out.push(`outcome ${OUTCOME_LABELS[f.outcome] ?? "not finished"}`);
  if (f.followed) out.push("followed the expected path");
  if (f.step && !f.signal) out.push(`reached ${stepName(f.step)}`);
  if (f.dropped) out.push(`ended without success in ${stepName(f.dropped)}`);
  if (f.signal) {
    const where = f.step ? ` in ${stepName(f.step)}` : f.outsideSteps ? " outside the journey steps" : "";
    out.push(`${humanize(f.signal).toLowerCase()}${where}`);
  }
  if (f.route) out.push(routeWords(study, f.route));
  if (f.hop) out.push(hopWords(study, f.hop));
  if (f.annotated) out.push("has annotations");
  if (f.ids) out.push(`the ${plural(f.ids.length, "session")} counted`);
  return out;
}

export function FilterSummary({
  study,
  filters,
  shown,
  onClear,
}: {
  study: Study;
  filters: SessionFilters;
  shown: number;
  onClear(): void;
}) {
  const words = describeFilters(study, filters);
  if (words.length === 0) return null;
  return (
    <p class="filter-summary" role="status">
      <strong data-testid="shown-count">{plural(shown, "session")}</strong>: {words.join(" · ")}{" "}
      <button type="button" class="small link" onClick={onClear}>
        Clear filters
      </button>
    </p>
  );
}
