import { nextRetryDelay } from "@frictionmap/protocol";

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

export type SendOutcome = "ok" | "retry" | "drop" | "gone";

export function classify(status: number): SendOutcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 404) return "gone"; // erased or not ours
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "drop"; // the API refused this item for good (malformed, too large)
}

/**
 * What a delivery loop does with an outcome: a retry waits (exponential backoff with
 * jitter, then `again`), a session gone stops everything, anything else moves on.
 */
export class Retry {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** True when the loop goes on with the next item (this one acknowledged or refused). */
  settle(outcome: SendOutcome, again: () => void, gone: () => void, what: string): boolean {
    if (outcome === "retry") {
      clearTimeout(this.timer);
      this.timer = setTimeout(again, nextRetryDelay(this.attempt++, { baseMs: 500, maxMs: 15_000 }));
      return false;
    }
    if (outcome === "gone") {
      gone();
      return false;
    }
    if (outcome === "drop") console.warn(`[frictionmap] the API refused a ${what}; it was dropped`);
    this.attempt = 0;
    return true;
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}

/**
 * Delivers items in order, one at a time, retrying with exponential backoff and jitter
 * until acknowledged; what is not yet acknowledged stays in storage, so the next page load
 * picks it up. Every item must be safe to deliver twice (the API stores it once).
 */
export class DeliveryQueue<T> {
  protected queue: T[];
  private sending = false;
  private readonly retry = new Retry();
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
        if (
          !this.retry.settle(
            outcome,
            () => void this.pump(),
            () => this.gone(),
            this.name,
          )
        )
          return;
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
    this.retry.cancel();
  }

  private gone(): void {
    this.stop();
    this.onGone();
  }
}
