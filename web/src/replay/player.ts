import { Replayer } from "rrweb";
import "rrweb/dist/style.css";
import type { ApiClient } from "../api/client";
import type { RecordedEvent } from "../api/types";
import { fitReplay } from "./fit";
import { HIDDEN_IN_REPLAY } from "./hidden-in-replay";

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];

export interface PlayerCallbacks {
  /** The first page of events is in and the first frame is drawn. */
  onFirstFrame?(): void;
  /** More of the recording arrived: how many chunks so far, and whether that is all. */
  onProgress?(loadedChunks: number, done: boolean): void;
  onFinish?(): void;
  onError?(err: Error): void;
}

/** About one chunk of JSON: the first frame shows without waiting for the rest. */
const FIRST_PAGE_BYTES = 256 * 1024;
/**
 * rrweb's Replayer over a recording that loads page by page: the first page of chunks builds
 * the player and shows the first frame; later pages are added with addEvent while the
 * reviewer already watches. The replay lives in rrweb's sandboxed iframe (no scripts run).
 */
export class Player {
  private replayer: Replayer | null = null;
  private playing = false;
  private destroyed = false;
  private resizeObserver: ResizeObserver | null = null;
  private size = { width: 1280, height: 800 };
  speed = 1;
  skipInactive = true;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
    private readonly sessionId: string,
    private readonly cb: PlayerCallbacks = {},
  ) {}

  /** Loads the first page, shows its first frame (at `startAt` ms), then streams in the rest. */
  async open(startAt = 0): Promise<void> {
    // From the start, a small first page is enough for the first frame; a deep link needs more.
    const first = await this.api.eventsPage(this.sessionId, 0, startAt === 0 ? FIRST_PAGE_BYTES : undefined);
    if (this.destroyed) return;
    const events = first.chunks.flatMap((c) => c.events);
    if (events.length < 2) throw new Error("This session has no recording to replay yet.");
    let loaded = first.chunks.length;
    this.replayer = new Replayer(events as unknown as ReplayerEvents, {
      root: this.root,
      speed: this.speed,
      skipInactive: this.skipInactive,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      insertStyleRules: HIDDEN_IN_REPLAY,
    });
    this.replayer.on("resize", (d) => {
      const { width, height } = d as { width: number; height: number };
      this.size = { width, height };
      this.fit();
    });
    this.replayer.on("finish", () => {
      this.playing = false;
      this.cb.onFinish?.();
    });
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.root);
    this.replayer.pause(startAt);
    this.fit();
    this.cb.onFirstFrame?.();
    this.cb.onProgress?.(loaded, first.next === null);
    let next = first.next;
    while (next !== null && !this.destroyed) {
      const page = await this.api.eventsPage(this.sessionId, next);
      if (this.destroyed) return;
      for (const chunk of page.chunks) for (const e of chunk.events) this.add(e);
      loaded += page.chunks.length;
      next = page.next;
      this.cb.onProgress?.(loaded, next === null);
    }
  }

  private add(e: RecordedEvent) {
    this.replayer?.addEvent(e as unknown as ReplayerEvents[number]);
  }

  /** Scales the recorded viewport to fit the stage, keeping its aspect ratio. */
  private fit() {
    if (!this.replayer?.wrapper) return;
    this.size = fitReplay(this.replayer, this.root, { fallback: this.size });
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get iframe(): HTMLIFrameElement | undefined {
    return this.replayer?.iframe;
  }

  currentTime(): number {
    return this.replayer?.getCurrentTime() ?? 0;
  }

  totalTime(): number {
    return this.replayer?.getMetaData().totalTime ?? 0;
  }

  play(from?: number) {
    if (!this.replayer) return;
    const end = this.totalTime();
    const at = from ?? this.currentTime();
    this.replayer.play(at >= end - 50 ? 0 : at);
    this.playing = true;
  }

  pause() {
    if (!this.replayer) return;
    this.replayer.pause();
    this.playing = false;
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(t: number) {
    if (!this.replayer) return;
    const at = Math.max(0, Math.min(t, this.totalTime()));
    if (this.playing) this.replayer.play(at);
    else this.replayer.pause(at);
  }

  setSpeed(speed: number) {
    this.speed = speed;
    this.replayer?.setConfig({ speed });
  }

  setSkipInactive(skip: boolean) {
    this.skipInactive = skip;
    this.replayer?.setConfig({ skipInactive: skip });
  }

  destroy() {
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    try {
      this.replayer?.destroy();
    } catch {
      // Already torn down with its root.
    }
    this.replayer = null;
  }
}
