import { FM_TAG, type FmPayloads, type FmTag } from "@frictionmap/protocol";

/** What the page-level listeners report to; the recorder turns these into custom events. */
export type Emit = <T extends FmTag>(tag: T, payload: FmPayloads[T]) => void;

const INTERACTIVE =
  'a[href], button, [role="button"], [role="link"], [role="menuitem"], [role="tab"], input[type="submit"], input[type="button"], input[type="reset"], input[type="checkbox"], input[type="radio"], select, summary, label, [onclick]';

function cssEscape(s: string): string {
  return typeof CSS !== "undefined" && CSS.escape ? CSS.escape(s) : s.replace(/[^A-Za-z0-9_-]/g, "\\$&");
}

/** A short readable selector: an id, a test id, or a tag with classes, up to 3 levels. */
export function readableSelector(el: Element): string {
  const parts: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3 && node.nodeType === 1; depth++) {
    if (node.id && !/\d{3,}/.test(node.id)) {
      parts.unshift(`#${cssEscape(node.id)}`);
      break;
    }
    const testId = node.getAttribute("data-testid");
    if (testId) {
      parts.unshift(`[data-testid="${testId.replace(/"/g, "")}"]`);
      break;
    }
    const classes = [...node.classList].filter((c) => !/\d{3,}|^(is|has)-/.test(c)).slice(0, 2);
    parts.unshift(node.tagName.toLowerCase() + classes.map((c) => `.${cssEscape(c)}`).join(""));
    node = node.parentElement;
  }
  return parts.join(" > ").slice(0, 300);
}

function allowedText(el: Element, allowlist: string[]): string | undefined {
  if (!allowlist.some((sel) => safeClosest(el, sel))) return undefined;
  const text = el.textContent ?? "";
  return text.replace(/\s+/g, " ").trim().slice(0, 80) || undefined;
}

export function safeClosest(el: Element, selector: string): Element | null {
  try {
    return el.closest(selector);
  } catch {
    return null;
  }
}

/** Installs the listeners that add clicks, errors, navigations and form activity. */
export function installCapture(
  emit: Emit,
  opts: { textAllowlist: string[]; isOwnUi: (e: Event) => boolean; onNavigate: (href: string) => void },
): () => void {
  const cleanups: (() => void)[] = [];
  const on = <K extends keyof WindowEventMap>(
    target: Window | Document,
    type: K,
    fn: (e: WindowEventMap[K]) => void,
  ) => {
    target.addEventListener(type, fn as EventListener, true);
    cleanups.push(() => target.removeEventListener(type, fn as EventListener, true));
  };

  on(document, "click", (e) => {
    if (opts.isOwnUi(e) || !(e.target instanceof Element)) return;
    const interactiveEl = safeClosest(e.target, INTERACTIVE);
    const el = interactiveEl ?? e.target;
    const link = safeClosest(e.target, "a[href]") as HTMLAnchorElement | null;
    const text = allowedText(el, opts.textAllowlist);
    emit(FM_TAG.click, {
      selector: readableSelector(el),
      tag: el.tagName.toLowerCase(),
      interactive: interactiveEl !== null,
      ...(text ? { text } : {}),
      ...(link ? { href: link.href } : {}),
      x: Math.round(e.clientX),
      y: Math.round(e.clientY),
    });
  });

  const lastEdit = new WeakMap<EventTarget, number>();
  on(document, "input", (e) => {
    if (opts.isOwnUi(e) || !(e.target instanceof Element)) return;
    const now = Date.now();
    if (now - (lastEdit.get(e.target) ?? 0) < 2000) return;
    lastEdit.set(e.target, now);
    const form = (e.target as HTMLInputElement).form;
    emit(FM_TAG.form, {
      action: "edit",
      selector: readableSelector(e.target),
      ...(form ? { formSelector: readableSelector(form) } : {}),
    });
  });
  on(document, "submit", (e) => {
    if (opts.isOwnUi(e) || !(e.target instanceof Element)) return;
    emit(FM_TAG.form, { action: "submit", selector: readableSelector(e.target) });
  });

  on(window, "error", (e) => {
    if (!(e instanceof ErrorEvent)) return; // resource load errors are not JS errors
    emit(FM_TAG.error, {
      kind: "uncaught",
      message: String(e.message).slice(0, 500),
      source: `${e.filename}:${e.lineno}`,
    });
  });
  on(window, "unhandledrejection", (e) => {
    const reason = e.reason instanceof Error ? e.reason.message : String(e.reason);
    emit(FM_TAG.error, { kind: "unhandledrejection", message: reason.slice(0, 500) });
  });
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    emit(FM_TAG.error, { kind: "console", message: args.map(String).join(" ").slice(0, 500) });
    consoleError.apply(console, args);
  };
  cleanups.push(() => {
    console.error = consoleError;
  });

  // Navigations, single-page apps included.
  const nav = (kind: FmPayloads["fm:nav"]["kind"]) => {
    emit(FM_TAG.nav, { href: location.href, kind });
    opts.onNavigate(location.href);
  };
  const { pushState, replaceState } = history;
  history.pushState = function (...args: Parameters<History["pushState"]>) {
    pushState.apply(this, args);
    nav("push");
  };
  history.replaceState = function (...args: Parameters<History["replaceState"]>) {
    replaceState.apply(this, args);
    nav("replace");
  };
  on(window, "popstate", () => nav("pop"));
  on(window, "hashchange", () => nav("hash"));
  cleanups.push(() => {
    history.pushState = pushState;
    history.replaceState = replaceState;
  });
  nav("load");

  return () => {
    for (const c of cleanups) c();
  };
}
