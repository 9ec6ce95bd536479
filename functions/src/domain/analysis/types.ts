import type { SignalKind } from "../session";

/** The version stored on every signal; bump it when a detector's behaviour changes. */
export const DETECTOR_VERSION = "fm-detect/1.1.0";

/** A click as the detectors see it (from the recorder's fm:click event). */
export interface ClickFact {
  /** ms from the session's first event. */
  t: number;
  selector: string;
  text?: string;
  tag: string;
  /** Looked interactive at click time: tag or role, cursor: pointer, onclick, tabindex. */
  interactive: boolean;
  /** A text field, text area, select or contenteditable: clicks there place a caret. */
  editable: boolean;
  href?: string;
  /** The click count of a multi-click (2: double click, 3: triple click). */
  clicks?: number;
  /** The click left text selected in the element: selecting, not asking for an action. */
  selected?: boolean;
  /** A link that opens elsewhere (new tab, download): this page need not change. */
  elsewhere?: boolean;
  /** Selectors of the study's click rules the element matched in the page, if sent. */
  matches?: string[];
  x: number;
  y: number;
  /** Where on the page (for click maps): rrweb's node id, the serialized-element path from
   * `<html>`, the element's box [left, top, width, height] and the viewport, when recorded. */
  node?: number;
  path?: string;
  box?: [number, number, number, number];
  vw?: number;
  vh?: number;
}

/** A signal before it is placed in a task and step. */
export interface SignalDraft {
  kind: SignalKind;
  t: number;
  target?: { selector: string; text?: string };
  x?: number;
  y?: number;
  /** What a reviewer needs to read it: an error message, the page left, the idle time… */
  detail?: string;
}

export type Emit = (signal: SignalDraft) => void;

/**
 * One friction detector: a small state machine fed by the analysis loop, in stream order.
 * Every hook is optional; `finish` flushes what is still pending at the end of the stream.
 */
export interface Detector {
  click?(c: ClickFact): void;
  /** The page visibly changed: a DOM mutation, or a form field's value changed. */
  changed?(t: number): void;
  scroll?(t: number): void;
  /** One sampled pointer position (rrweb batches several per event). */
  move?(t: number, x: number, y: number): void;
  /** Any participant input: pointer, click, scroll, key, touch; with the pointer's newest
   * position when the input moved it. */
  input?(t: number, x?: number, y?: number): void;
  /** The page changed (a load, or an SPA route change to another page). */
  page?(t: number, page: string, previous: string | undefined): void;
  /** A journey step entered by a click or custom event rule, without a page change. */
  step?(t: number, stepId: string): void;
  /** Some navigation happened, even to the same page (a response to a click). */
  navigation?(t: number): void;
  error?(t: number, message: string, source?: string): void;
  form?(
    t: number,
    action: "edit" | "submit",
    selector: string,
    formSelector?: string,
    fieldType?: string,
  ): void;
  task?(t: number, action: "start" | "end"): void;
  finish(endT: number): void;
}

export function targetOf(c: Pick<ClickFact, "selector" | "text">): { selector: string; text?: string } {
  return c.text ? { selector: c.selector, text: c.text } : { selector: c.selector };
}
