/**
 * The task panel's state, the actions that change it and the effects a change asks for.
 * The reducer (panel-reducer.ts) is pure; the effect runner (panel-effects.ts) does the I/O.
 */
import type { AttemptEvent, TaskPayload } from "@frictionmap/protocol";

export type PanelPhase = "intro" | "running" | "post" | "sus" | "done";

/** How the task that just ended ended, as the panel saw it. */
export type TaskEnd = "success" | "claimed" | "gave_up" | "timed_out";

/** What the panel keeps across page loads of the session (sessionStorage). */
export interface PanelState {
  taskIndex: number;
  phase: PanelPhase;
  /** When the running task started (ms since epoch), for the time limit. */
  taskStartedAt?: number;
  /** How the last task ended (set in the post phase). */
  outcome?: TaskEnd;
  collapsed?: boolean;
  /** The post-task answers being given, kept if the page changes meanwhile. */
  seq?: number;
  comment?: string;
  /** SUS answers so far: index 0 is statement 1; 0 means not answered yet. */
  sus?: number[];
}

/** What only this page's panel needs: lost on a page load, kept across re-renders. */
export interface PanelUi {
  reporting: boolean;
  reportText: string;
  notice?: string;
  /** SUS statements (1-based) still unanswered when Finish was pressed. */
  missing: number[];
}

export interface PanelModel {
  saved: PanelState;
  ui: PanelUi;
}

/** What the reducer needs to know of the study. */
export interface PanelStudy {
  tasks: readonly { id: string; startUrl: string }[];
  /** Number of SUS statements; 0 when the study does not ask. */
  susCount: number;
}

export type PanelAction =
  | { type: "start"; at: number }
  | { type: "rule-matched" }
  | { type: "done" }
  | { type: "give-up" }
  | { type: "time-up" }
  | { type: "seq"; value: number }
  | { type: "comment"; text: string }
  | { type: "next" }
  | { type: "sus-answer"; question: number; answer: number }
  | { type: "sus-submit" }
  | { type: "minimize" }
  | { type: "expand" }
  | { type: "report-open" }
  | { type: "report-text"; text: string }
  | { type: "report-cancel" }
  | { type: "report-send" };

export type PanelEffect =
  /** The view must show the new state. */
  | { type: "render" }
  /** Bring an unanswered SUS statement into view. */
  | { type: "reveal"; question: number }
  /** A task starting or ending, on the recording's timeline. */
  | { type: "emit-task"; payload: TaskPayload }
  /** A "Report a problem" note, on the recording's timeline. */
  | { type: "emit-report"; text: string }
  | { type: "send-attempt"; taskIndex: number; event: AttemptEvent }
  | { type: "send-report"; text: string; taskId?: string }
  | { type: "send-complete"; sus?: number[] }
  /** Check the running task's success rule against the page as it is now. */
  | { type: "check-url" }
  /** Seal what was recorded so far (before a page change). */
  | { type: "flush" }
  | { type: "navigate"; url: string }
  /** The study is finished: recording stops once everything is delivered. */
  | { type: "finish" };

export interface Step {
  model: PanelModel;
  effects: PanelEffect[];
}

export const TEXT_MAX = 2000;

export function initialUi(): PanelUi {
  return { reporting: false, reportText: "", missing: [] };
}
