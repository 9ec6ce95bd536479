import type { ApiError } from "../api/client";
import { STAGES } from "../api/types";
import { newStep, type RuleType, type StepDraft, type TaskDraft } from "../state/study-draft";
import { Field } from "./ui";

const RULE_HINT: Record<RuleType, string> = {
  url: "Page path, * as wildcard: /pricing*",
  click: "CSS selector of the element: #send",
  event: "Name sent with frictionmap.track(): quote_sent",
};

const val = (e: Event) => (e.target as HTMLInputElement).value;

function StepRow({
  step,
  path,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  step: StepDraft;
  path: string;
  index: number;
  count: number;
  errors: (p: string) => string[];
  onChange(s: StepDraft): void;
  onMove(delta: number): void;
  onRemove(): void;
}) {
  const n = index + 1;
  return (
    <li class="step-row">
      <span class="step-no" aria-hidden="true">
        {n}
      </span>
      <Field label={`Step ${n} name`} errors={errors(`${path}.name`)}>
        <input value={step.name} onInput={(e) => onChange({ ...step, name: val(e) })} />
      </Field>
      <Field label="Matches" errors={errors(`${path}.match.type`)}>
        <select value={step.type} onChange={(e) => onChange({ ...step, type: val(e) as RuleType })}>
          <option value="url">URL</option>
          <option value="click">Click</option>
          <option value="event">Event</option>
        </select>
      </Field>
      <Field label="Rule" hint={RULE_HINT[step.type]} errors={errors(`${path}.match`).concat()}>
        <input value={step.value} onInput={(e) => onChange({ ...step, value: val(e) })} />
      </Field>
      <Field label="Stage" errors={errors(`${path}.stage`)}>
        <select value={step.stage} onChange={(e) => onChange({ ...step, stage: val(e) })}>
          <option value="">—</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <div class="row-actions">
        <button
          type="button"
          class="small"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`Move step ${n} up`}
        >
          ↑
        </button>
        <button
          type="button"
          class="small"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={`Move step ${n} down`}
        >
          ↓
        </button>
        <button type="button" class="small danger" onClick={onRemove} aria-label={`Remove step ${n}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

export function TaskEditor({
  task,
  index,
  error,
  onChange,
  onRemove,
  canRemove,
  onMove,
  count,
}: {
  task: TaskDraft;
  index: number;
  error: ApiError | null;
  onChange(t: TaskDraft): void;
  onRemove(): void;
  canRemove: boolean;
  /** Moves the task up (-1) or down (+1) in the study. */
  onMove(delta: number): void;
  count: number;
}) {
  const path = `tasks[${index}]`;
  const errors = (p: string) => error?.forField(p) ?? [];
  const set = (changes: Partial<TaskDraft>) => onChange({ ...task, ...changes });
  const setStep = (j: number, s: StepDraft) => set({ steps: task.steps.map((x, i) => (i === j ? s : x)) });
  const moveStep = (j: number, delta: number) => {
    const steps = [...task.steps];
    const [s] = steps.splice(j, 1);
    if (s) steps.splice(j + delta, 0, s);
    set({ steps });
  };
  return (
    <fieldset class="task card">
      <legend>Task {index + 1}</legend>
      <div class="grid">
        <Field label="Title" errors={errors(`${path}.title`)} wide>
          <input value={task.title} onInput={(e) => set({ title: val(e) })} />
        </Field>
        <Field label="Instructions shown to the participant" errors={errors(`${path}.instructions`)} wide>
          <textarea rows={3} value={task.instructions} onInput={(e) => set({ instructions: val(e) })} />
        </Field>
        <Field label="Start URL" errors={errors(`${path}.startUrl`)}>
          <input type="url" value={task.startUrl} onInput={(e) => set({ startUrl: val(e) })} />
        </Field>
        <Field label="Time limit (seconds)" hint="Empty: no limit" errors={errors(`${path}.timeLimitSec`)}>
          <input
            inputMode="numeric"
            value={task.timeLimitSec}
            onInput={(e) => set({ timeLimitSec: val(e) })}
          />
        </Field>
        <Field label="Success when" errors={errors(`${path}.success`)}>
          <div class="inline">
            <select
              aria-label="Success rule type"
              value={task.successType}
              onChange={(e) => set({ successType: val(e) as TaskDraft["successType"] })}
            >
              <option value="none">the participant says so</option>
              <option value="url">URL</option>
              <option value="click">Click</option>
              <option value="event">Event</option>
            </select>
            {task.successType !== "none" && (
              <input
                aria-label="Success rule"
                placeholder={RULE_HINT[task.successType]}
                value={task.successValue}
                onInput={(e) => set({ successValue: val(e) })}
              />
            )}
          </div>
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={task.seq}
            onChange={(e) => set({ seq: (e.target as HTMLInputElement).checked })}
          />
          Ask the Single Ease Question (1–7) after the task
        </label>
      </div>
      <h3>Journey steps</h3>
      {errors(`${path}.steps`)
        .filter(() => task.steps.length === 0)
        .map((m) => (
          <p class="field-error" key={m}>
            {m}
          </p>
        ))}
      <ol class="steps">
        {task.steps.map((s, j) => (
          <StepRow
            key={s.key}
            step={s}
            path={`${path}.steps[${j}]`}
            index={j}
            count={task.steps.length}
            errors={errors}
            onChange={(x) => setStep(j, x)}
            onMove={(d) => moveStep(j, d)}
            onRemove={() => set({ steps: task.steps.filter((_, i) => i !== j) })}
          />
        ))}
      </ol>
      <div class="actions">
        <button type="button" onClick={() => set({ steps: [...task.steps, newStep()] })}>
          Add a step
        </button>
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
          Move task up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move task down
        </button>
        {canRemove && (
          <button type="button" class="danger" onClick={onRemove}>
            Remove task {index + 1}
          </button>
        )}
      </div>
    </fieldset>
  );
}
