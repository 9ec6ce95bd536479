/**
 * Capture from the moment recorder.js runs, before the study is known and before rrweb
 * starts: errors, navigations and clicks of that moment wait in a small buffer, and go into
 * the recording once it starts (or are dropped if it does not).
 */
import type { FmPayloads, FmTag, RecordingPrivacy } from "@frictionmap/protocol";
import { type CaptureContext, type Emit, installCapture } from "./capture";
import { TypedValues, urlSanitizers } from "./privacy";

const BUFFER_MAX = 100;
const ALWAYS_HIDDEN =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [data-fm-mask]';

export interface EarlyCapture {
  ctx: CaptureContext;
  /** The study's privacy settings, once known: sanitizers and click text follow them. */
  configure(privacy: RecordingPrivacy): void;
  /** Sends what was buffered, and everything after it, to `emit`. */
  goLive(emit: Emit): void;
  stop(): void;
}

export function startEarlyCapture(token: string): EarlyCapture {
  const typed = new TypedValues();
  typed.never(token);
  const buffer: [FmTag, FmPayloads[FmTag]][] = [];
  let live: Emit | undefined;
  let privacy: RecordingPrivacy = {
    mode: "mask-all-text",
    maskSelectors: [],
    unmaskSelectors: [],
    keepQueryKeys: [],
  };
  const ctx: CaptureContext = {
    emit: (tag, payload) => {
      if (live) live(tag, payload);
      else if (buffer.length < BUFFER_MAX) buffer.push([tag, payload]);
    },
    isOwnUi: () => false,
    nodeId: () => -1,
    onNavigate: () => {},
    ...urlSanitizers([]),
    clickText: (el) => {
      // Fails closed: when the page broke `closest`, no text.
      const inside = (selectors: readonly string[]) => {
        try {
          return selectors.length > 0 && el.closest(selectors.join(", ")) !== null;
        } catch {
          return undefined;
        }
      };
      if (inside([ALWAYS_HIDDEN, ...privacy.maskSelectors]) !== false) return undefined;
      if (privacy.mode === "mask-all-text" && inside(privacy.unmaskSelectors) !== true) return undefined;
      const text = typed.scrub((el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 80));
      return text || undefined;
    },
    typed,
  };
  const stop = installCapture(ctx);
  return {
    ctx,
    configure(p) {
      privacy = p;
      typed.keep(p.keepQueryKeys);
      Object.assign(ctx, urlSanitizers(p.keepQueryKeys));
    },
    goLive(emit) {
      live = emit;
      for (const [tag, payload] of buffer.splice(0)) emit(tag, payload);
    },
    stop() {
      stop();
      buffer.length = 0;
    },
  };
}
