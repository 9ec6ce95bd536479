/**
 * The task panel as a pure function: `(model, action) → (model, effects)`. No DOM, no
 * timers, no network: the effect runner does what the effects ask, so every rule of the
 * panel (which outcome a button means, what is sent, when the page changes) is testable here.
 */
import {
  type PanelAction,
  type PanelEffect,
  type PanelModel,
  type PanelState,
  type PanelStudy,
  type Step,
  type TaskEnd,
  TEXT_MAX,
} from "./panel-state";

const same = (model: PanelModel): Step => ({ model, effects: [] });

function step(model: PanelModel, saved: Partial<PanelState>, effects: PanelEffect[]): Step {
  return { model: { saved: { ...model.saved, ...saved }, ui: { ...model.ui, notice: undefined } }, effects };
}

function endTask(model: PanelModel, study: PanelStudy, outcome: TaskEnd): Step {
  const { saved } = model;
  if (saved.phase !== "running") return same(model);
  const taskId = study.tasks[saved.taskIndex]?.id ?? "";
  const next: PanelState = {
    taskIndex: saved.taskIndex,
    phase: "post",
    outcome,
    // The post-task question must be seen: a task that ends while minimized opens the panel.
    collapsed: false,
  };
  return {
    model: { saved: next, ui: { ...model.ui, reporting: false, reportText: "", notice: undefined } },
    effects: [
      { type: "emit-task", payload: { action: "end", taskId, taskIndex: saved.taskIndex, outcome } },
      { type: "send-attempt", taskIndex: saved.taskIndex, event: { event: "end", outcome } },
      { type: "render" },
    ],
  };
}

function finish(model: PanelModel, sus?: number[]): Step {
  return {
    model: { saved: { ...model.saved, phase: "done", collapsed: false }, ui: { ...model.ui, missing: [] } },
    effects: [{ type: "render" }, { type: "flush" }, { type: "send-complete", sus }, { type: "finish" }],
  };
}

function next(model: PanelModel, study: PanelStudy): Step {
  const { saved } = model;
  const effects: PanelEffect[] = [];
  const comment = saved.comment?.trim();
  if (saved.seq !== undefined || comment) {
    effects.push({
      type: "send-attempt",
      taskIndex: saved.taskIndex,
      event: {
        event: "answer",
        ...(saved.seq !== undefined ? { seq: saved.seq } : {}),
        ...(comment ? { comment } : {}),
      },
    });
  }
  const following = study.tasks[saved.taskIndex + 1];
  if (following) {
    const moved: PanelModel = {
      saved: { taskIndex: saved.taskIndex + 1, phase: "intro", collapsed: saved.collapsed },
      ui: { ...model.ui, notice: undefined },
    };
    return {
      model: moved,
      effects: [
        ...effects,
        { type: "render" },
        { type: "flush" },
        { type: "navigate", url: following.startUrl },
      ],
    };
  }
  if (study.susCount > 0) {
    const sus = new Array<number>(study.susCount).fill(0);
    return {
      model: {
        saved: { taskIndex: saved.taskIndex, phase: "sus", sus },
        ui: { ...model.ui, notice: undefined },
      },
      effects: [...effects, { type: "render" }],
    };
  }
  const done = finish(model);
  return { model: done.model, effects: [...effects, ...done.effects] };
}

function answerSus(model: PanelModel, study: PanelStudy, question: number, answer: number): Step {
  const { saved } = model;
  if (saved.phase !== "sus" || !isInt(question, 1, study.susCount) || !isInt(answer, 1, 5))
    return same(model);
  const sus = [...(saved.sus ?? new Array<number>(study.susCount).fill(0))];
  sus[question - 1] = answer;
  return {
    model: {
      saved: { ...saved, sus },
      ui: { ...model.ui, missing: model.ui.missing.filter((q) => q !== question) },
    },
    effects: [{ type: "render" }],
  };
}

function submitSus(model: PanelModel, study: PanelStudy): Step {
  const { saved } = model;
  if (saved.phase !== "sus") return same(model);
  const sus = saved.sus ?? [];
  const missing: number[] = [];
  for (let q = 1; q <= study.susCount; q++) if (!isInt(sus[q - 1] ?? 0, 1, 5)) missing.push(q);
  if (missing.length > 0) {
    return {
      model: { saved, ui: { ...model.ui, missing } },
      effects: [{ type: "render" }, { type: "reveal", question: missing[0] as number }],
    };
  }
  return finish(model, sus.slice(0, study.susCount));
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

export function reducePanel(model: PanelModel, action: PanelAction, study: PanelStudy): Step {
  const { saved, ui } = model;
  switch (action.type) {
    case "start": {
      if (saved.phase !== "intro") return same(model);
      const taskIndex = saved.taskIndex;
      const taskId = study.tasks[taskIndex]?.id ?? "";
      return {
        model: {
          saved: { taskIndex, phase: "running", taskStartedAt: action.at, collapsed: saved.collapsed },
          ui: { ...ui, notice: undefined },
        },
        effects: [
          { type: "emit-task", payload: { action: "start", taskId, taskIndex } },
          { type: "send-attempt", taskIndex, event: { event: "start" } },
          { type: "render" },
          { type: "check-url" },
        ],
      };
    }
    case "rule-matched":
      return endTask(model, study, "success");
    case "done":
      // The rule would have ended the task already had it matched: the participant's word.
      return endTask(model, study, "claimed");
    case "give-up":
      return endTask(model, study, "gave_up");
    case "time-up":
      return endTask(model, study, "timed_out");
    case "seq":
      if (saved.phase !== "post" || !isInt(action.value, 1, 7)) return same(model);
      return step(model, { seq: action.value }, [{ type: "render" }]);
    case "comment":
      // Kept as typed (no render: the text area keeps its caret); sent on "next".
      if (saved.phase !== "post") return same(model);
      return { model: { saved: { ...saved, comment: action.text.slice(0, TEXT_MAX) }, ui }, effects: [] };
    case "next":
      return saved.phase === "post" ? next(model, study) : same(model);
    case "sus-answer":
      return answerSus(model, study, action.question, action.answer);
    case "sus-submit":
      return submitSus(model, study);
    case "minimize":
    case "expand": {
      const collapsed = action.type === "minimize";
      if (saved.phase === "done" || Boolean(saved.collapsed) === collapsed) return same(model);
      return step(model, { collapsed }, [{ type: "render" }]);
    }
    case "report-open":
    case "report-cancel": {
      const reporting = action.type === "report-open";
      if (saved.phase === "done" || ui.reporting === reporting) return same(model);
      return { model: { saved, ui: { ...ui, reporting, notice: undefined } }, effects: [{ type: "render" }] };
    }
    case "report-text":
      return { model: { saved, ui: { ...ui, reportText: action.text.slice(0, TEXT_MAX) } }, effects: [] };
    case "report-send": {
      const text = ui.reportText.trim();
      if (!ui.reporting || !text) return same(model);
      const taskId = saved.phase === "running" ? study.tasks[saved.taskIndex]?.id : undefined;
      return {
        model: {
          saved,
          ui: { ...ui, reporting: false, reportText: "", notice: "Thanks, your note was added." },
        },
        effects: [
          { type: "emit-report", text },
          { type: "send-report", text, ...(taskId ? { taskId } : {}) },
          { type: "render" },
        ],
      };
    }
  }
}

/** Seconds left of a running task with a time limit (undefined otherwise). */
export function secondsLeft(
  saved: PanelState,
  timeLimitSec: number | undefined,
  now: number,
): number | undefined {
  if (!timeLimitSec || saved.phase !== "running" || saved.taskStartedAt === undefined) return undefined;
  return Math.max(0, Math.ceil(timeLimitSec - (now - saved.taskStartedAt) / 1000));
}
