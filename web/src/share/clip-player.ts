import type { ClipSlice } from "@frictionmap/protocol";
import { Replayer } from "rrweb";
import { fitReplay } from "../replay/fit";
import { HIDDEN_IN_REPLAY } from "../replay/hidden-in-replay";

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];

/**
 * One clip in rrweb's sandboxed iframe (no scripts run in it): shown at its start, played
 * to its end and no further. Time is reported in ms from the clip's start.
 */
export class ClipPlayer {
  private readonly replayer: Replayer;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly observer: ResizeObserver;
  playing = false;

  constructor(
    private readonly stage: HTMLElement,
    private readonly slice: ClipSlice,
    private readonly on: { tick(ms: number): void; end(): void },
  ) {
    this.replayer = new Replayer(slice.events as ReplayerEvents, {
      root: stage,
      skipInactive: true,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      insertStyleRules: HIDDEN_IN_REPLAY,
    });
    this.replayer.on("resize", () => this.fit());
    this.replayer.on("finish", () => this.finish());
    this.observer = new ResizeObserver(() => this.fit());
    this.observer.observe(stage);
    this.replayer.pause(slice.startOffset);
    this.fit();
  }

  get duration(): number {
    return this.slice.endOffset - this.slice.startOffset;
  }

  get iframe(): HTMLIFrameElement {
    return this.replayer.iframe;
  }

  /** ms from the clip's start, within [0, duration]. */
  time(): number {
    const t = this.replayer.getCurrentTime() - this.slice.startOffset;
    return Math.max(0, Math.min(this.duration, t));
  }

  play() {
    const from = this.time() >= this.duration - 30 ? 0 : this.time();
    this.replayer.play(this.slice.startOffset + from);
    this.playing = true;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      const t = this.replayer.getCurrentTime();
      this.on.tick(this.time());
      if (t >= this.slice.endOffset) this.finish();
    }, 50);
  }

  pause() {
    this.replayer.pause();
    this.playing = false;
    clearInterval(this.timer);
    this.on.tick(this.time());
  }

  seek(ms: number) {
    const at = this.slice.startOffset + Math.max(0, Math.min(this.duration, ms));
    if (this.playing) this.replayer.play(at);
    else this.replayer.pause(at);
    this.on.tick(this.time());
  }

  private finish() {
    if (!this.playing) return;
    this.replayer.pause(this.slice.endOffset);
    this.playing = false;
    clearInterval(this.timer);
    this.on.tick(this.duration);
    this.on.end();
  }

  private fit() {
    fitReplay(this.replayer, this.stage, { center: true });
  }

  destroy() {
    clearInterval(this.timer);
    this.observer.disconnect();
    try {
      this.replayer.destroy();
    } catch {
      // Already gone with its root.
    }
  }
}
