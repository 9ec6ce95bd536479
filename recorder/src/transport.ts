import { nextRetryDelay } from "@frictionmap/protocol";
import type { Batch } from "./batcher";

/** Where chunks go and with which token: the handoff's part the transport needs. */
export interface Endpoint {
  api: string;
  sessionId: string;
  token: string;
}

/** Keeps items until the API acknowledges them; survives page loads via storage. */
export interface PendingStore<T> {
  load(): T[];
  save(items: T[]): void;
}

const KEEPALIVE_LIMIT = 60 * 1024;

export type SendOutcome = "ok" | "retry" | "drop" | "gone";

export function classify(status: number): SendOutcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 404) return "gone"; // erased or not ours
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "drop"; // the API refused this item for good (malformed, too large)
}

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (typeof CompressionStream === "undefined") return undefined;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Delivers items in order, one at a time, retrying with exponential backoff and jitter
 * until acknowledged; what is not yet acknowledged stays in storage, so the next page load
 * picks it up. Every item must be safe to deliver twice (the API stores it once).
 */
export class DeliveryQueue<T> {
  protected queue: T[];
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  protected stopped = false;
  private drained: (() => void)[] = [];

  constructor(
    private readonly pending: PendingStore<T>,
    private readonly deliver: (item: T) => Promise<SendOutcome>,
    private readonly onGone: () => void,
    private readonly name: string,
  ) {
    this.queue = pending.load();
  }

  get backlog(): number {
    return this.queue.length;
  }

  enqueue(item: T): void {
    this.queue.push(item);
    this.pending.save(this.queue);
    void this.pump();
  }

  /** Sends what is waiting now; called on start, after enqueue and by the retry timer. */
  async pump(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const outcome = await this.deliver(this.queue[0] as T);
        if (outcome === "retry") {
          const delay = nextRetryDelay(this.attempt++, { baseMs: 500, maxMs: 15_000 });
          clearTimeout(this.timer);
          this.timer = setTimeout(() => void this.pump(), delay);
          return;
        }
        if (outcome === "gone") {
          this.stop();
          this.onGone();
          return;
        }
        if (outcome === "drop") console.warn(`[frictionmap] the API refused a ${this.name}; it was dropped`);
        this.attempt = 0;
        this.queue.shift();
        this.pending.save(this.queue);
      }
      if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    } finally {
      this.sending = false;
    }
  }

  /** Resolves once every item enqueued so far has been acknowledged. */
  whenDrained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** Recording chunks: gzip when the browser can, JSON otherwise; stored once per seq. */
export class Transport extends DeliveryQueue<Batch> {
  private readonly sendChunk: (batch: Batch, keepalive: boolean) => Promise<SendOutcome>;

  constructor(
    endpoint: Endpoint,
    pending: PendingStore<Batch>,
    onGone: () => void,
    fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {
    const sendChunk = async (batch: Batch, keepalive: boolean): Promise<SendOutcome> => {
      try {
        const body = keepalive ? undefined : await gzip(batch.json);
        const res = await fetchFn(
          `${endpoint.api}/api/ingest/sessions/${endpoint.sessionId}/chunks/${batch.seq}`,
          {
            method: "PUT",
            headers: {
              authorization: `Bearer ${endpoint.token}`,
              "content-type": body ? "application/gzip" : "application/json",
            },
            body: body ?? batch.json,
            keepalive,
            credentials: "omit",
          },
        );
        return classify(res.status);
      } catch {
        return "retry";
      }
    };
    super(pending, (batch) => sendChunk(batch, false), onGone, "recording chunk");
    this.sendChunk = sendChunk;
  }

  /**
   * The page is going away: everything is already in storage for the next page load;
   * the newest small batches are also sent now with keepalive (uncompressed: there is no
   * time for async compression), so the last seconds of a session that ends here are kept.
   */
  flushOnHide(): void {
    if (this.stopped) return;
    let budget = KEEPALIVE_LIMIT;
    for (const batch of [...this.queue].reverse()) {
      if (batch.json.length > budget) continue; // larger ones wait in storage for the next page
      budget -= batch.json.length;
      void this.sendChunk(batch, true);
    }
  }
}
