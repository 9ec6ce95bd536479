import { Replayer } from "rrweb";
import "rrweb/dist/style.css";
import type { ApiClient } from "../api/client";
import type { RecordedEvent } from "../api/types";

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];

/** Where a click is to be drawn: the element it was on, and where inside its box. */
export interface ClickPlace {
  sessionId: string;
  snap: number;
  node?: number;
  path?: string;
  selector: string;
  fx?: number;
  fy?: number;
}

export interface PictureBase {
  sessionId: string;
  t: number;
  snap: number;
}

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

/** The element a serialized-element path names in a rebuilt page (tags checked but for
 * scripts, which a replay rebuilds as noscript). */
export function resolvePath(doc: Document, path: string): Element | null {
  let node: Element | null = doc.documentElement;
  for (const part of path.split(">")) {
    const [tag, index] = part.split(":");
    const child: Element | undefined = node?.children[Number(index)];
    if (!child) return null;
    const name = child.tagName.toLowerCase();
    if (name !== tag && !(tag === "script" && name === "noscript")) return null;
    node = child;
  }
  return node;
}

/**
 * One page of one recording as it looked at a moment, rebuilt by rrweb's Replayer in its
 * sandboxed iframe (no scripts run), paused there and shown whole (the iframe as tall as
 * the page, scaled to the stage's width), so clicks can be placed on its elements.
 */
export class PagePicture {
  private replayer: Replayer | null = null;
  private destroyed = false;
  width = 1280;
  height = 800;
  scale = 1;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
  ) {}

  /** Loads the recording up to `base.t` (page by page), rebuilds the page there and pauses. */
  async open(base: PictureBase): Promise<void> {
    const events: RecordedEvent[] = [];
    for (let from: number | null = 0; from !== null && !this.destroyed; ) {
      const page = await this.api.eventsPage(base.sessionId, from);
      for (const c of page.chunks) events.push(...c.events);
      const first = (events[0] as { timestamp?: number } | undefined)?.timestamp ?? 0;
      const last = (events.at(-1) as { timestamp?: number } | undefined)?.timestamp ?? 0;
      from = last > first + base.t ? null : page.next;
    }
    if (this.destroyed) return;
    if (events.length < 2) throw new Error("This recording has no page to draw the clicks on.");
    this.replayer = new Replayer(events as unknown as ReplayerEvents, {
      root: this.root,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
    });
    this.replayer.pause(base.t);
    await frames(2);
    await new Promise((r) => setTimeout(r, 300)); // the page's styles and images settle
    this.layout();
  }

  get document(): Document | null {
    return this.replayer?.iframe.contentDocument ?? null;
  }

  /** Shows the whole page: the iframe as tall as its content, scaled to the stage's width. */
  layout(): void {
    const r = this.replayer;
    const doc = this.document;
    if (!r || !doc) return;
    const iframe = r.iframe;
    this.width = Number(iframe.getAttribute("width")) || this.width;
    const viewport = Number(iframe.getAttribute("height")) || this.height;
    const content = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
    this.height = Math.min(Math.max(viewport, content), 20_000);
    iframe.setAttribute("height", String(this.height));
    iframe.contentWindow?.scrollTo(0, 0);
    this.scale = Math.min(1, this.root.clientWidth / this.width) || 1;
    const wrapper = r.wrapper;
    wrapper.style.transform = `scale(${this.scale})`;
    wrapper.style.transformOrigin = "top left";
    wrapper.style.position = "absolute";
    wrapper.style.left = "0px";
    wrapper.style.top = "0px";
    this.root.style.height = `${this.height * this.scale}px`;
  }

  /** The element a click was on, in this picture: by rrweb id within the same snapshot of the
   * same recording, else by its path, else by a selector that names one element only. */
  element(c: ClickPlace, base: PictureBase): Element | null {
    const doc = this.document;
    if (!doc || !this.replayer) return null;
    if (c.sessionId === base.sessionId && c.snap === base.snap && c.node !== undefined) {
      const node = this.replayer.getMirror().getNode(c.node);
      if (node && node.nodeType === 1 && (node as Element).isConnected) return node as Element;
    }
    if (c.path) {
      const byPath = resolvePath(doc, c.path);
      if (byPath) return byPath;
    }
    try {
      const all = doc.querySelectorAll(c.selector);
      return all.length === 1 ? (all[0] ?? null) : null;
    } catch {
      return null;
    }
  }

  /** The click's point in page px (unscaled), at its offset inside its element's box here. */
  locate(c: ClickPlace, base: PictureBase): { x: number; y: number } | null {
    if (c.fx === undefined || c.fy === undefined) return null;
    const el = this.element(c, base);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return null;
    return { x: r.left + c.fx * r.width, y: r.top + c.fy * r.height };
  }

  destroy(): void {
    this.destroyed = true;
    try {
      this.replayer?.destroy();
    } catch {
      // Already torn down with its root.
    }
    this.replayer = null;
  }
}
