import { nextRetryDelay } from "../../functions/src/domain/backoff";
import type { Batch } from "./batcher";

/** Where chunks go and with which token: the handoff's part the transport needs. */
export interface Endpoint {
  api: string;
  sessionId: string;
  token: string;
}

/** Keeps batches until the API acknowledges them; survives page loads via storage. */
export interface PendingStore {
  load(): Batch[];
  save(batches: Batch[]): void;
}

const KEEPALIVE_LIMIT = 60 * 1024;

export type SendOutcome = "ok" | "retry" | "drop" | "gone";

function classify(status: number): SendOutcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 404) return "gone"; // erased or not ours
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "drop"; // the API refused this chunk for good (malformed, too large)
}

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (typeof CompressionStream === "undefined") return undefined;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Sends sealed batches in order, one at a time, retrying with exponential backoff and
 * jitter until acknowledged. A chunk sent twice is stored once by the API, so retries and
 * the resend after a page load are safe.
 */
export class Transport {
  private queue: Batch[];
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private drained: (() => void)[] = [];

  constructor(
    private readonly endpoint: Endpoint,
    private readonly pending: PendingStore,
    private readonly onGone: () => void,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {
    this.queue = pending.load();
  }

  get backlog(): number {
    return this.queue.length;
  }

  enqueue(batch: Batch): void {
    this.queue.push(batch);
    this.pending.save(this.queue);
    void this.pump();
  }

  /** Sends what is waiting now; called on start, after enqueue and by the retry timer. */
  async pump(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const batch = this.queue[0] as Batch;
        const outcome = await this.send(batch, false);
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
        if (outcome === "drop")
          console.warn(`[frictionmap] chunk ${batch.seq} was refused by the API and dropped`);
        this.attempt = 0;
        this.queue.shift();
        this.pending.save(this.queue);
      }
      if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
    } finally {
      this.sending = false;
    }
  }

  /**
   * The page is going away: everything is already in storage for the next page load;
   * small batches are also sent now with keepalive (uncompressed: there is no time for
   * async compression), so the last seconds of a session that ends here are not lost.
   */
  flushOnHide(): void {
    if (this.stopped) return;
    let budget = KEEPALIVE_LIMIT;
    for (const batch of this.queue) {
      if (batch.json.length > budget) break;
      budget -= batch.json.length;
      void this.send(batch, true);
    }
  }

  /** Resolves once every batch enqueued so far has been acknowledged. */
  whenDrained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async send(batch: Batch, keepalive: boolean): Promise<SendOutcome> {
    const { api, sessionId, token } = this.endpoint;
    try {
      const body = keepalive ? undefined : await gzip(batch.json);
      const res = await this.fetchFn(`${api}/api/ingest/sessions/${sessionId}/chunks/${batch.seq}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": body ? "application/gzip" : "application/json",
        },
        body: body ?? batch.json,
        keepalive,
        credentials: "omit",
      });
      return classify(res.status);
    } catch {
      return "retry";
    }
  }
}
