import { FM_TAG, type FmPayloads, type FmTag } from "@frictionmap/protocol";
import { clickFacts, isField, readableSelector, safeClosest } from "./click-facts";
import type { TypedValues } from "./privacy";

export { readableSelector, safeClosest };

/** What the page-level listeners report to; the recorder turns these into custom events. */
export type Emit = <T extends FmTag>(tag: T, payload: FmPayloads[T]) => void;

/**
 * What capture needs from the recorder. Capture starts as soon as recorder.js runs (so an
 * error raised before rrweb starts is kept); the recorder fills in the study's parts later.
 */
export interface CaptureContext {
  emit: Emit;
  isOwnUi(e: Event): boolean;
  /** A navigation, with the sanitized URL (match rules run on what is recorded). */
  onNavigate(href: string): void;
  url(href: string): string;
  text(text: string): string;
  /** The text a click payload may carry for this element (undefined: masked). */
  clickText(el: Element): string | undefined;
  /** rrweb's id of a node once recording runs (-1 before, or for a node it never serialized). */
  nodeId(n: Node): number;
  typed: TypedValues;
}

/**
 * Runs a recorder hook so that nothing it does can reach the page: a site that throws
 * inside our listeners (odd elements, patched prototypes, throwing toString) never breaks
 * the page or the recording.
 */
export function guard(fn: () => void): void {
  try {
    fn();
  } catch {
    /* the recording goes on without this one event */
  }
}

const str = (v: unknown): string => {
  try {
    return v instanceof Error ? `${v.name}: ${v.message}` : String(v);
  } catch {
    return "[unprintable]";
  }
};

/** Installs the listeners that add clicks, errors, navigations, copies and form activity. */
export function installCapture(ctx: CaptureContext): () => void {
  const cleanups: (() => void)[] = [];
  const on = (target: Window | Document, type: string, fn: (e: Event) => void) => {
    const listener = (e: Event) => guard(() => fn(e));
    target.addEventListener(type, listener, true);
    cleanups.push(() => target.removeEventListener(type, listener, true));
  };

  on(document, "click", (e) => {
    if (ctx.isOwnUi(e) || !(e.target instanceof Element)) return;
    const payload = clickFacts(e as MouseEvent, e.target, ctx.clickText, ctx.nodeId);
    if (payload.href) payload.href = ctx.url(payload.href);
    ctx.emit(FM_TAG.click, payload);
  });

  const lastEdit = new WeakMap<EventTarget, number>();
  on(document, "input", (e) => {
    if (ctx.isOwnUi(e) || !(e.target instanceof Element)) return;
    const field = e.target as HTMLInputElement;
    const editable = field.isContentEditable ? (safeClosest(field, "[contenteditable]") ?? field) : field;
    const fieldType = field.isContentEditable
      ? "contenteditable"
      : field.tagName === "INPUT"
        ? field.type
        : field.tagName.toLowerCase();
    if (isField(field))
      ctx.typed.noteField(editable, field.isContentEditable ? (editable.textContent ?? "") : field.value);
    const now = Date.now();
    if (now - (lastEdit.get(editable) ?? 0) < 2000) return;
    lastEdit.set(editable, now);
    const form = field.form ?? safeClosest(field, "form");
    ctx.emit(FM_TAG.form, {
      action: "edit",
      selector: readableSelector(editable),
      fieldType,
      ...(form ? { formSelector: readableSelector(form) } : {}),
    });
  });
  on(document, "submit", (e) => {
    if (ctx.isOwnUi(e) || !(e.target instanceof Element)) return;
    ctx.emit(FM_TAG.form, { action: "submit", selector: readableSelector(e.target) });
  });
  on(document, "copy", (e) => {
    if (!ctx.isOwnUi(e)) ctx.emit(FM_TAG.copy, { via: "event" });
  });
  const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
  if (clipboard) {
    for (const name of ["writeText", "write"] as const) {
      const original = clipboard[name];
      if (typeof original !== "function") continue;
      const wrapped = function (this: Clipboard, ...args: unknown[]) {
        guard(() => ctx.emit(FM_TAG.copy, { via: "clipboard" }));
        return (original as (...a: unknown[]) => Promise<void>).apply(this, args);
      };
      guard(() =>
        Object.defineProperty(clipboard, name, { value: wrapped, configurable: true, writable: true }),
      );
      cleanups.push(() =>
        guard(() =>
          Object.defineProperty(clipboard, name, { value: original, configurable: true, writable: true }),
        ),
      );
    }
  }

  on(window, "error", (e) => {
    if (!(e instanceof ErrorEvent)) return; // resource load errors are not JS errors
    const stack = e.error instanceof Error && typeof e.error.stack === "string" ? e.error.stack : undefined;
    ctx.emit(FM_TAG.error, {
      kind: "uncaught",
      message: ctx.text(str(e.message)).slice(0, 500),
      ...(e.filename ? { source: ctx.text(`${e.filename}:${e.lineno}`).slice(0, 500) } : {}),
      ...(stack ? { stack: ctx.text(stack).slice(0, 2000) } : {}),
    });
  });
  on(window, "unhandledrejection", (e) => {
    const reason = (e as PromiseRejectionEvent).reason;
    const stack = reason instanceof Error && typeof reason.stack === "string" ? reason.stack : undefined;
    ctx.emit(FM_TAG.error, {
      kind: "unhandledrejection",
      message: ctx.text(reason instanceof Error ? reason.message : str(reason)).slice(0, 500),
      ...(stack ? { stack: ctx.text(stack).slice(0, 2000) } : {}),
    });
  });
  const consoleError = console.error;
  console.error = function (...args: unknown[]) {
    guard(() =>
      ctx.emit(FM_TAG.error, { kind: "console", message: ctx.text(args.map(str).join(" ")).slice(0, 500) }),
    );
    return consoleError.apply(this, args);
  };
  cleanups.push(() => {
    console.error = consoleError;
  });

  // Navigations, single-page apps included.
  const nav = (kind: FmPayloads["fm:nav"]["kind"]) =>
    guard(() => {
      ctx.typed.noteUrl(location.href);
      const href = ctx.url(location.href);
      ctx.emit(FM_TAG.nav, { href, kind });
      ctx.onNavigate(href);
    });
  const { pushState, replaceState } = history;
  history.pushState = function (...args: Parameters<History["pushState"]>) {
    const result = pushState.apply(this, args); // the site's own errors stay the site's
    nav("push");
    return result;
  };
  history.replaceState = function (...args: Parameters<History["replaceState"]>) {
    const result = replaceState.apply(this, args);
    nav("replace");
    return result;
  };
  on(window, "popstate", () => nav("pop"));
  on(window, "hashchange", () => nav("hash"));
  on(window, "pageshow", (e) => {
    if ((e as PageTransitionEvent).persisted) nav("pop"); // back to a page kept in the bfcache
  });
  cleanups.push(() => {
    history.pushState = pushState;
    history.replaceState = replaceState;
  });
  nav("load");

  return () => {
    for (const c of cleanups) c();
  };
}
