/**
 * What the recorder adds to the rrweb stream, in one place: the recorder writes these,
 * the analysis and the reviewer read them.
 *
 * rrweb's own events stay as they are (type 2 full snapshot, 3 incremental, 4 meta with
 * the page's href on every page load). The recorder adds custom events (rrweb type 5,
 * `{ type: 5, timestamp, data: { tag, payload } }`) with the tags below.
 */

import type { Outcome } from "./vocabulary";

export const FM_TAG = {
  /** A navigation: page load, history.pushState/replaceState, popstate, hashchange. */
  nav: "fm:nav",
  /** A click, with what was clicked described readably (rrweb only gives a node id). */
  click: "fm:click",
  /** A JS error: console.error, an uncaught error, or an unhandled rejection. */
  error: "fm:error",
  /** A custom event sent by the site: window.frictionmap.track(name). */
  track: "fm:track",
  /** A task starting or ending in the task panel. */
  task: "fm:task",
  /** A "Report a problem" note written by the participant at this moment. */
  report: "fm:report",
  /** A form field: edited, or its form submitted (for form abandonment). */
  form: "fm:form",
  /** Text was copied (a copy event, or the site wrote to the clipboard): a click's answer. */
  copy: "fm:copy",
  /** The recorder had to drop recorded chunks (an outage outlasted its pending cap). */
  dropped: "fm:dropped",
} as const;

export type FmTag = (typeof FM_TAG)[keyof typeof FM_TAG];

export interface NavPayload {
  /** Sanitized (sanitizeUrl): query values redacted unless kept, no fragment. */
  href: string;
  kind: "load" | "push" | "replace" | "pop" | "hash";
}

export interface ClickPayload {
  /** A short readable CSS selector of the clicked element (ids, data-testid, classes). */
  selector: string;
  /** The element's visible text, only where the study allowlists it (else omitted). */
  text?: string;
  tag: string;
  /** The element looks interactive at click time: an interactive tag or role, `cursor:
   * pointer`, an `onclick` property, or a tabindex (then `selector` names that element). */
  interactive: boolean;
  /** The closest link's href, when the click was inside a link. */
  href?: string;
  x: number;
  y: number;
  /** Optional: true for a text field, text area, select or contenteditable element (a click
   * there places the caret or selects words; never a rage or dead click). Without it the
   * analysis guesses from `tag`. */
  editable?: boolean;
  /** Optional: the study's click-rule selectors (journey steps, success) that the element or
   * an ancestor matches (`el.closest(sel)`), evaluated in the page. Without it the analysis
   * compares simple selectors with `selector`. */
  matches?: string[];
  /** The click count of a multi-click (the DOM's `detail`: 2 for a double click, 3 for a triple). */
  clicks?: number;
  /** True when the page had text selected right after this click (a multi-click or a drag
   * that selects text: never a rage or dead click). */
  selected?: boolean;
  /** True for a link that opens elsewhere (a new tab, a download): this page need not change. */
  elsewhere?: boolean;
  /** Where on the page, for click maps. `node`: rrweb's id of the element `selector` names
   * (valid within the recording's current full snapshot). */
  node?: number;
  /** The same element as a path from `<html>`: `tag:index` per level, `>`-joined, where the
   * index counts only the siblings rrweb serialized (so it resolves in a replay's rebuilt page). */
  path?: string;
  /** The element's box in viewport px at click time: [left, top, width, height]. */
  box?: [number, number, number, number];
  /** The viewport's size at click time, px. */
  vw?: number;
  vh?: number;
}

export interface ErrorPayload {
  kind: "console" | "uncaught" | "unhandledrejection";
  /** Every URL in it sanitized (recorder/url-sanitize), like `source` and `stack`. */
  message: string;
  source?: string;
  stack?: string;
}

export interface CopyPayload {
  /** "event": a copy event; "clipboard": the site called navigator.clipboard. */
  via: "event" | "clipboard";
}

export interface TrackPayload {
  name: string;
}

export interface TaskPayload {
  action: "start" | "end";
  taskId: string;
  taskIndex: number;
  outcome?: Outcome;
}

export interface ReportPayload {
  text: string;
}

export interface FormPayload {
  action: "edit" | "submit";
  /** Selector of the field (edit) or the form (submit). */
  selector: string;
  formSelector?: string;
  /** Optional, on edits: the input's type ("text", "email", "checkbox"…), or "textarea",
   * "select", "contenteditable". A checkbox, radio or range outside any form is a toggle,
   * not a form to fill: the analysis does not count it toward form abandonment. */
  fieldType?: string;
}

/**
 * What a long outage cost: the oldest chunks still waiting were dropped to keep the
 * recorder's pending queue under its cap. A full snapshot follows, so the replay goes on.
 */
export interface DroppedPayload {
  chunks: number;
  events: number;
  /** Compressed bytes. */
  bytes: number;
}

export interface FmPayloads {
  "fm:nav": NavPayload;
  "fm:click": ClickPayload;
  "fm:error": ErrorPayload;
  "fm:track": TrackPayload;
  "fm:task": TaskPayload;
  "fm:report": ReportPayload;
  "fm:form": FormPayload;
  "fm:copy": CopyPayload;
  "fm:dropped": DroppedPayload;
}

/** An rrweb custom event carrying one of the payloads above. */
export interface FmCustomEvent<T extends FmTag = FmTag> {
  type: 5;
  timestamp: number;
  data: { tag: T; payload: FmPayloads[T] };
}

export function isFmEvent<T extends FmTag>(e: unknown, tag: T): e is FmCustomEvent<T> {
  const ev = e as { type?: unknown; data?: { tag?: unknown } } | null;
  return typeof ev === "object" && ev !== null && ev.type === 5 && ev.data?.tag === tag;
}
