/**
 * Recording chunks on their way to the API: gzip once (the browser's CompressionStream:
 * native code fed in pieces, no script and no long task), delivered in order with retries
 * and backoff. A chunk is written to storage (one key per chunk, written once) when it may
 * outlive the page: while the API fails, and when the page goes away; while the API
 * answers, a chunk is acknowledged within moments and never touches storage. Bounded: what
 * waits stays under PENDING_CAP_BYTES; when an outage lasts so long that the oldest chunks
 * must go, `onDrop` says what went (the recorder puts it on the timeline). On pagehide the
 * newest chunks go out with keepalive, counted in bytes.
 */
import type { Batch } from "./batcher";
import { classify, type Endpoint, Retry, type SendOutcome } from "./transport";

/** What may wait for the API, compressed (sessionStorage holds ~5 M characters per origin). */
export const PENDING_CAP_BYTES = 2 * 1024 * 1024;
/** Browsers allow 64 KiB of keepalive bodies in flight per page; headers need some of it. */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;

export interface Chunk {
  seq: number;
  count: number;
  /** The chunk gzipped, once compressed; `json` until then (or where there is no gzip). */
  gz?: Uint8Array<ArrayBuffer>;
  json?: string;
  /** Written to storage (once: gzip, or JSON when the page went away before compression). */
  stored?: boolean;
  /** Past compression (or loaded from storage): ready to send. */
  ready?: boolean;
}

export interface ChunkStore {
  load(): Chunk[];
  /** Writes one chunk's key; false when storage is full. */
  put(chunk: Chunk): boolean;
  remove(seq: number): void;
}

export interface Dropped {
  chunks: number;
  events: number;
  bytes: number;
}

const encoder = new TextEncoder();
const sizeOf = (c: Chunk) => c.gz?.byteLength ?? encoder.encode(c.json ?? "").byteLength;

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (typeof CompressionStream === "undefined") return undefined;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class Transport {
  private readonly queue: Chunk[];
  private readonly sizes = new WeakMap<Chunk, number>();
  private compressing: Promise<unknown> = Promise.resolve();
  private sending: Chunk | undefined;
  private pumping = false;
  /** The last delivery failed: what waits is stored, in case the page goes first. */
  private troubled = false;
  private readonly retry = new Retry();
  private stopped = false;
  private keepaliveInFlight = 0;
  private drained: (() => void)[] = [];

  constructor(
    private readonly endpoint: Endpoint,
    private readonly store: ChunkStore,
    private readonly onGone: () => void,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
    private readonly onDrop: (dropped: Dropped) => void = () => {},
    private readonly capBytes = PENDING_CAP_BYTES,
  ) {
    this.queue = store.load();
    for (const chunk of this.queue) chunk.ready = true;
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Bytes waiting, of the chunks past compression (what storage holds). */
  get pendingBytes(): number {
    let total = 0;
    for (const c of this.queue) if (c.ready) total += this.size(c);
    return total;
  }

  /** Takes a sealed batch: compressed, then sent (and stored while the API fails). */
  enqueue(batch: Batch): void {
    const chunk: Chunk = { seq: batch.seq, count: batch.count, json: batch.json };
    this.queue.push(chunk);
    // In order, one after another: storage and the cap see chunks as they were sealed.
    this.compressing = this.compressing.then(async () => {
      const gz = await gzip(batch.json).catch(() => undefined);
      if (gz && !chunk.stored) {
        chunk.gz = gz; // (one stored as JSON at pagehide is sent as stored)
        chunk.json = undefined;
        this.sizes.delete(chunk);
      }
      chunk.ready = true;
      if (!this.queue.includes(chunk)) return; // acknowledged or dropped meanwhile
      this.enforceCap(chunk); // room first, so storage never holds more than the cap
      if (this.troubled) this.persist(chunk);
      void this.pump();
    });
  }

  /** Sends what is waiting now; called on start, after enqueue and by the retry timer. */
  async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      for (let chunk = this.queue[0]; chunk && !this.stopped; chunk = this.queue[0]) {
        if (!chunk.ready) {
          await this.compressing; // sealed moments ago: it is being compressed
          continue;
        }
        this.sending = chunk;
        const outcome = await this.send(chunk, false);
        this.sending = undefined;
        const gone = () => {
          this.stop();
          this.onGone();
        };
        this.troubled = outcome === "retry";
        if (this.troubled) for (const c of this.queue) if (c.ready) this.persist(c);
        if (!this.retry.settle(outcome, () => void this.pump(), gone, "recording chunk")) return;
        this.forget(chunk);
      }
      if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    } finally {
      this.sending = undefined;
      this.pumping = false;
    }
  }

  /** Resolves once every chunk enqueued so far is compressed (and stored, if it is to be). */
  async whenStored(): Promise<void> {
    await this.compressing;
  }

  /** Resolves once every chunk enqueued so far has been acknowledged. */
  whenDrained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.retry.cancel();
  }

  /**
   * The page is going away: what is not stored yet is stored now (as JSON when its
   * compression has not finished), and the newest chunks that fit the keepalive budget are
   * sent at once; the rest waits in storage for the next page load.
   */
  flushOnHide(): void {
    if (this.stopped) return;
    for (const chunk of this.queue) if (!chunk.stored) this.persist(chunk);
    let budget = KEEPALIVE_BUDGET_BYTES - this.keepaliveInFlight;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const chunk = this.queue[i] as Chunk;
      const bytes = this.size(chunk);
      if (bytes > budget) continue;
      budget -= bytes;
      this.keepaliveInFlight += bytes;
      void this.send(chunk, true).then((outcome) => {
        this.keepaliveInFlight -= bytes;
        if (outcome === "ok" && chunk !== this.sending) this.forget(chunk);
      });
    }
  }

  private size(chunk: Chunk): number {
    let bytes = this.sizes.get(chunk);
    if (bytes === undefined) {
      bytes = sizeOf(chunk);
      this.sizes.set(chunk, bytes);
    }
    return bytes;
  }

  private persist(chunk: Chunk): void {
    if (chunk.stored) return;
    // Storage full (the site's own data, or ours): older chunks make room, else memory only.
    while (!this.store.put(chunk)) if (!this.dropOldest(chunk)) return;
    chunk.stored = true;
  }

  /** Drops the oldest chunks (never the one being sent, nor `keep`) until under the cap. */
  private enforceCap(keep: Chunk): void {
    let total = this.pendingBytes;
    const dropped: Dropped = { chunks: 0, events: 0, bytes: 0 };
    for (let i = 0; total > this.capBytes && i < this.queue.length; ) {
      const chunk = this.queue[i] as Chunk;
      if (chunk === this.sending || chunk === keep || !chunk.ready) {
        i++;
        continue;
      }
      const bytes = this.size(chunk);
      total -= bytes;
      this.forget(chunk);
      dropped.chunks++;
      dropped.events += chunk.count;
      dropped.bytes += bytes;
    }
    if (dropped.chunks > 0) this.onDrop(dropped);
  }

  private dropOldest(keep: Chunk): boolean {
    const victim = this.queue.find((c) => c !== keep && c !== this.sending && c.stored);
    if (!victim) return false;
    this.forget(victim);
    this.onDrop({ chunks: 1, events: victim.count, bytes: this.size(victim) });
    return true;
  }

  private forget(chunk: Chunk): void {
    const i = this.queue.indexOf(chunk);
    if (i >= 0) this.queue.splice(i, 1);
    if (chunk.stored) this.store.remove(chunk.seq);
    chunk.stored = false;
  }

  private async send(chunk: Chunk, keepalive: boolean): Promise<SendOutcome> {
    const { api, sessionId, token } = this.endpoint;
    try {
      const body = chunk.gz ?? chunk.json ?? "[]";
      const res = await this.fetchFn(`${api}/api/ingest/sessions/${sessionId}/chunks/${chunk.seq}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": chunk.gz ? "application/gzip" : "application/json",
        },
        body,
        keepalive,
        credentials: "omit",
      });
      return classify(res.status);
    } catch {
      return "retry";
    }
  }
}
