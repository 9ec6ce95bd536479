/**
 * The panel's effect runner: feeds actions to the pure reducer, persists the state when it
 * changed, and does what the effects ask through the ports it is given. Actions dispatched
 * while effects run (a success rule matching during "check-url") are queued, not nested.
 */

import type { TaskPayload } from "@frictionmap/protocol";
import { reducePanel } from "./panel-reducer";
import type { PanelAction, PanelEffect, PanelModel, PanelState, PanelStudy } from "./panel-state";
import type { ParticipantApi } from "./participant-api";

export interface PanelPorts {
  render(model: PanelModel): void;
  reveal(question: number): void;
  persist(saved: PanelState): void;
  emitTask(payload: TaskPayload): void;
  emitReport(text: string): void;
  api: Pick<ParticipantApi, "attempt" | "report" | "complete">;
  /** Checks the running task's success rule against the current URL. */
  checkUrl(): void;
  flush(): void;
  navigate(url: string): void;
  /** The study is over: stop recording once everything is delivered. */
  finish(): void;
}

export interface PanelRunner {
  dispatch(action: PanelAction): void;
  readonly model: PanelModel;
}

export function panelRunner(initial: PanelModel, study: PanelStudy, ports: PanelPorts): PanelRunner {
  let model = initial;
  const queue: PanelAction[] = [];
  let busy = false;

  /** One handler per effect type: the compiler checks that every effect is handled. */
  const handlers: { [K in PanelEffect["type"]]: (effect: Extract<PanelEffect, { type: K }>) => void } = {
    render: () => ports.render(model),
    reveal: (e) => ports.reveal(e.question),
    "emit-task": (e) => ports.emitTask(e.payload),
    "emit-report": (e) => ports.emitReport(e.text),
    "send-attempt": (e) => ports.api.attempt(e.taskIndex, e.event),
    "send-report": (e) => ports.api.report(e.text, e.taskId),
    "send-complete": (e) => ports.api.complete(e.sus),
    "check-url": () => ports.checkUrl(),
    flush: () => ports.flush(),
    navigate: (e) => ports.navigate(e.url),
    finish: () => ports.finish(),
  };
  const run = <E extends PanelEffect>(effect: E) => (handlers[effect.type] as (effect: E) => void)(effect);

  function dispatch(action: PanelAction): void {
    queue.push(action);
    if (busy) return;
    busy = true;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const step = reducePanel(model, next, study);
        const changed = step.model.saved !== model.saved;
        model = step.model;
        if (changed) ports.persist(model.saved);
        for (const effect of step.effects) {
          try {
            run(effect);
          } catch (err) {
            console.warn(`[frictionmap] panel effect ${effect.type} failed`, err);
          }
        }
      }
    } finally {
      busy = false;
    }
  }

  return {
    dispatch,
    get model() {
      return model;
    },
  };
}
