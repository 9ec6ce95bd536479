/**
 * What a click was on, judged in the page at click time (the analysis cannot look at the
 * DOM later): which element it meant, whether that element looks interactive, whether it is
 * a field, whether the click selected text. Every DOM call is guarded: a site's odd markup
 * or patched prototypes must never break a click.
 */
import type { ClickPayload } from "@frictionmap/protocol";

/** Interactive by tag or role. */
const INTERACTIVE =
  'a[href], button, summary, input[type="submit"], input[type="button"], input[type="reset"], input[type="image"], input[type="checkbox"], input[type="radio"], [role="button"], [role="link"], [role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="tab"], [role="checkbox"], [role="switch"], [role="option"], [role="radio"]';
/** Inputs that are buttons or toggles, not fields to type into. */
const NOT_FIELDS = new Set(["submit", "button", "reset", "image", "checkbox", "radio"]);
const MAX_DEPTH = 12;

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

export function safeClosest(el: Element, selector: string): Element | null {
  try {
    return el.closest(selector);
  } catch {
    return null;
  }
}

const pointer = (el: Element): boolean => {
  try {
    return getComputedStyle(el).cursor === "pointer";
  } catch {
    return false;
  }
};

/** A field: a caret goes there, or a picker opens (no DOM change to expect). */
export function isField(el: Element): boolean {
  try {
    if ((el as HTMLElement).isContentEditable) return true;
    const tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    if (tag === "input") return !NOT_FIELDS.has((el as HTMLInputElement).type);
    if (tag === "label") {
      const control = (el as HTMLLabelElement).control;
      return control ? isField(control) : false;
    }
  } catch {
    /* odd element: not a field */
  }
  return false;
}

/** The element the click meant, and whether it looks interactive. */
function meant(target: Element): { el: Element; interactive: boolean } {
  const byRole = safeClosest(target, INTERACTIVE);
  if (byRole) return { el: byRole, interactive: true };
  let node: Element | null = target;
  for (let depth = 0; node && depth < MAX_DEPTH; depth++, node = node.parentElement) {
    if (typeof (node as HTMLElement).onclick === "function") return { el: node, interactive: true };
    const tabindex = node.getAttribute("tabindex");
    if (tabindex !== null && Number(tabindex) >= 0) return { el: node, interactive: true };
  }
  if (pointer(target)) {
    // `cursor` is inherited: the element that set it is the outermost one still showing it.
    let top = target;
    for (let p = target.parentElement, d = 0; p && d < MAX_DEPTH && pointer(p); p = p.parentElement, d++)
      top = p;
    return { el: top, interactive: true };
  }
  const label = safeClosest(target, "label");
  return label ? { el: label, interactive: false } : { el: target, interactive: false };
}

/** Text selected by this click: a selection that reaches into the clicked element. */
function selectedText(target: Element): boolean {
  try {
    const sel = getSelection();
    if (sel === null || sel.isCollapsed || sel.toString().trim().length === 0) return false;
    return sel.containsNode(target, true) || (sel.anchorNode !== null && target.contains(sel.anchorNode));
  } catch {
    return false;
  }
}

const MAX_PATH_DEPTH = 48;

/**
 * The element as a path from `<html>` (`body:1>main:0>button:2`), each index counting only
 * siblings the recording serialized (`nodeId` > 0), so the path resolves in a replay's
 * rebuilt page, where only those exist. Undefined outside the document (a shadow root, a
 * detached node) or when the element is not serialized.
 */
export function elementPath(el: Element, nodeId: (n: Node) => number): string | undefined {
  if (nodeId(el) <= 0) return undefined;
  const parts: string[] = [];
  let node: Element = el;
  while (node !== document.documentElement) {
    const parent = node.parentElement;
    if (!parent || parts.length >= MAX_PATH_DEPTH) return undefined;
    let index = 0;
    for (let sib = parent.firstElementChild; sib && sib !== node; sib = sib.nextElementSibling)
      if (nodeId(sib) > 0) index++;
    parts.unshift(`${node.tagName.toLowerCase()}:${index}`);
    node = parent;
  }
  return parts.join(">");
}

/** Where the click landed: the element's rrweb id, path and box, and the viewport. */
function placeOf(el: Element, nodeId: (n: Node) => number): Partial<ClickPayload> {
  const out: Partial<ClickPayload> = { vw: Math.round(innerWidth), vh: Math.round(innerHeight) };
  const id = nodeId(el);
  if (id > 0) out.node = id;
  const path = elementPath(el, nodeId);
  if (path) out.path = path;
  const r = el.getBoundingClientRect();
  out.box = [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
  return out;
}

/** The click payload, before its URL is sanitized. `nodeId`: rrweb's id of a node (-1: none). */
export function clickFacts(
  e: MouseEvent,
  target: Element,
  unmask: (el: Element) => string | undefined,
  nodeId: (n: Node) => number = () => -1,
) {
  const field = isField(target) ? target : undefined;
  const { el, interactive } = field ? { el: field, interactive: false } : meant(target);
  const link = safeClosest(target, "a[href]") as HTMLAnchorElement | null;
  const text = unmask(el);
  const payload: ClickPayload = {
    selector: readableSelector(el),
    tag: el.tagName.toLowerCase(),
    interactive: interactive && !field,
    x: Math.round(e.clientX),
    y: Math.round(e.clientY),
    ...(text ? { text } : {}),
    ...(link ? { href: link.href } : {}),
  };
  if (field || isField(el)) payload.editable = true;
  if (e.detail > 1) payload.clicks = e.detail;
  if (selectedText(target)) payload.selected = true;
  if (link && (link.target === "_blank" || link.hasAttribute("download"))) payload.elsewhere = true;
  try {
    Object.assign(payload, placeOf(el, nodeId));
  } catch {
    /* an odd element: the click is kept without its place */
  }
  return payload;
}
