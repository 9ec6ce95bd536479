/**
 * What the recorder keeps out of a recording, applied before anything is batched: typed
 * values (masked by rrweb, and wherever the page echoes them), the study's masked elements,
 * query values and fragments of every URL, the session token. DESIGN.md "Rules that hold
 * everywhere": page text is recorded as it is unless the study masks it.
 */
import { type RecordingPrivacy, sanitizeText, sanitizeUrl, typedUrlValues } from "@frictionmap/protocol";

/** Typed values (and a select's options, which show the choice) are masked always. */
const ALWAYS_MASKED =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [data-fm-mask]';

/** Attributes that hold a place to go: sanitized like every recorded URL. */
const LINK_ATTRIBUTES = new Set(["href", "action", "formaction", "ping", "cite", "xlink:href", "background"]);

/** Typed values shorter than this are not looked for in the page (a "1" would mask every digit). */
const MIN_TYPED = 3;
const MAX_VALUES = 64;

const stars = (text: string) => text.replace(/\S/g, "*");

/** A selector list this browser accepts; undefined when one of them is invalid here. */
function selectorList(selectors: readonly string[]): string | undefined {
  const list = selectors.join(", ");
  if (!list) return "";
  try {
    document.createDocumentFragment().querySelector(list);
    return list;
  } catch {
    return undefined;
  }
}

function closest(el: Element, selector: string): boolean {
  try {
    return el.closest(selector) !== null;
  } catch {
    return true; // fail closed: when in doubt, mask
  }
}

/** Base64 of a Latin-1 string, or undefined for other text. */
function base64(text: string): string | undefined {
  try {
    return btoa(text);
  } catch {
    return undefined;
  }
}

/**
 * The values a participant typed or that arrived in the URL's query: looked for in every
 * string of every event (text, attributes, style, custom payloads), in the forms a page may
 * echo them (as typed, URL-encoded, base64), and replaced by asterisks.
 */
export class TypedValues {
  private readonly fromUrl: string[] = [];
  private readonly fields = new Map<EventTarget, string>();
  /** Values a field held earlier, kept until the events that may echo them are scrubbed. */
  private readonly replaced = new Set<string>();
  private readonly fixed: string[] = [];
  private needles: string[] = [];
  private keepQueryKeys: readonly string[] = [];

  /** Query keys whose values are not typed input (the study's keepQueryKeys). */
  keep(keys: readonly string[]): void {
    this.keepQueryKeys = keys;
  }

  /** A value that must never be stored (the session token). */
  never(value: string): void {
    if (value) this.fixed.push(value);
    this.rebuild();
  }

  /** The query values of a URL the page went to (a GET form put what was typed there). */
  noteUrl(href: string): void {
    for (const v of typedUrlValues(href, { keepQueryKeys: this.keepQueryKeys, minLength: MIN_TYPED })) {
      if (!this.fromUrl.includes(v)) this.fromUrl.push(v);
    }
    if (this.fromUrl.length > MAX_VALUES) this.fromUrl.splice(0, this.fromUrl.length - MAX_VALUES);
    this.rebuild();
  }

  /** The current value of a field being typed into (only the newest value per field). */
  noteField(field: EventTarget, value: string): void {
    const trimmed = value.trim();
    const before = this.fields.get(field);
    if (before !== undefined && before !== trimmed) this.replaced.add(before);
    if (trimmed.length < MIN_TYPED) this.fields.delete(field);
    else this.fields.set(field, trimmed);
    if (this.fields.size > MAX_VALUES) this.fields.delete(this.fields.keys().next().value as EventTarget);
    this.rebuild();
  }

  /**
   * The events collected so far are scrubbed: earlier values of a field need not be looked
   * for any more (the batcher scrubs a batch when it seals it, so they are kept until then).
   */
  settle(): void {
    if (this.replaced.size === 0) return;
    this.replaced.clear();
    this.rebuild();
  }

  private rebuild(): void {
    const all = new Set<string>();
    for (const v of [...this.fixed, ...this.fromUrl, ...this.fields.values(), ...this.replaced]) {
      all.add(v);
      const encoded = encodeURIComponent(v);
      all.add(encoded);
      all.add(encoded.replace(/%20/g, "+"));
      for (const form of [v, encoded]) {
        const b = base64(form);
        if (b) all.add(b.replace(/=+$/, ""));
      }
    }
    // Longest first, so a value is replaced whole before a shorter one inside it.
    this.needles = [...all].filter((n) => n.length >= MIN_TYPED).sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join("*".repeat(n.length));
    return out;
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }
}

/**
 * rrweb's text masking for this study: the selector whose text rrweb hands to `fn`, and
 * `fn`. Where page text is recorded, the selector is the masked elements themselves, so rrweb
 * matches it natively and calls `fn` only for text it hides; "mask-all-text" (or a mask
 * selector this browser refuses, which masks everything rather than nothing) hands every
 * text node to `fn`, which keeps the unmasked elements' text. Typed values are scrubbed from
 * the text that stays when the batch is sealed (scrubEvent), like every other string.
 */
export function textMasking(privacy: RecordingPrivacy, typed: TypedValues) {
  const studyMask = selectorList(privacy.maskSelectors);
  const unmask = selectorList(privacy.unmaskSelectors);
  const maskAll = privacy.mode === "mask-all-text" || studyMask === undefined;
  const mask = studyMask ? `${ALWAYS_MASKED}, ${studyMask}` : ALWAYS_MASKED;
  if (!maskAll) return { selector: mask, fn: (text: string) => stars(text) };
  return {
    selector: "*",
    fn: (text: string, el: HTMLElement | null): string => {
      if (!el || closest(el, mask)) return stars(text);
      return unmask && closest(el, unmask) ? typed.scrub(text) : stars(text);
    },
  };
}

type Json = unknown;

/** rrweb incremental sources that carry only numbers (pointer, scroll, viewport, media, drag). */
const NUMBERS_ONLY = new Set([1, 2, 3, 4, 6, 7, 12]);

/**
 * Cleans one event in place before it is batched: URLs in link attributes and rrweb's meta
 * href sanitized, typed values and the token scrubbed from every string.
 */
export function scrubEvent(event: Json, keepQueryKeys: readonly string[], typed: TypedValues): void {
  const head = event as { type?: number; data?: { source?: number } };
  if (head.type === 3 && NUMBERS_ONLY.has(head.data?.source ?? -1)) return; // nothing to walk
  const opts = { keepQueryKeys };
  if (typed.empty) {
    sanitizeLinks(event, opts); // nothing typed to look for: links only
    return;
  }
  const walk = (value: Json, attributes: boolean): Json => {
    if (typeof value === "string") return typed.empty ? value : typed.scrub(value);
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i], false);
      return value;
    }
    const obj = value as Record<string, Json>;
    for (const key of Object.keys(obj)) {
      let v = obj[key];
      if (attributes && typeof v === "string" && LINK_ATTRIBUTES.has(key.toLowerCase()))
        v = sanitizeUrl(v, opts);
      obj[key] = walk(v, key === "attributes" && !Array.isArray(v));
    }
    return obj;
  };
  const e = event as { type?: number; data?: { href?: unknown } };
  if (e.type === 4 && e.data && typeof e.data.href === "string") e.data.href = sanitizeUrl(e.data.href, opts);
  walk(event, false);
}

type Attributes = Record<string, unknown>;
interface TreeNode {
  attributes?: Attributes;
  childNodes?: TreeNode[];
}

/**
 * What scrubEvent's walk does when no typed value is known, without walking every value:
 * link attributes of serialized elements (snapshots, added nodes, attribute changes) and
 * rrweb's meta href sanitized.
 */
function sanitizeLinks(event: Json, opts: { keepQueryKeys: readonly string[] }): void {
  const links = (attrs: Attributes | undefined) => {
    if (!attrs || typeof attrs !== "object") return;
    for (const key in attrs) {
      const v = attrs[key];
      if (typeof v === "string" && (LINK_ATTRIBUTES.has(key) || LINK_ATTRIBUTES.has(key.toLowerCase())))
        attrs[key] = sanitizeUrl(v, opts);
    }
  };
  const tree = (root: TreeNode | undefined) => {
    const stack = root ? [root] : [];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.attributes && !Array.isArray(node.attributes)) links(node.attributes);
      if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child);
    }
  };
  const e = event as { type?: number; data?: Record<string, unknown> };
  const data = e.data;
  if (!data || typeof data !== "object") return;
  if (e.type === 4 && typeof data.href === "string") data.href = sanitizeUrl(data.href, opts);
  else if (e.type === 2) tree(data.node as TreeNode);
  else if (e.type === 3 && data.source === 0) {
    for (const add of (data.adds as { node?: TreeNode }[] | undefined) ?? []) tree(add?.node);
    for (const change of (data.attributes as { attributes?: Attributes }[] | undefined) ?? [])
      links(change?.attributes);
  }
}

/** Sanitizers for what the recorder's own listeners report. */
export function urlSanitizers(keepQueryKeys: readonly string[]) {
  const opts = { keepQueryKeys };
  return { url: (href: string) => sanitizeUrl(href, opts), text: (text: string) => sanitizeText(text, opts) };
}
