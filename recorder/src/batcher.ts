/**
 * Collects events into batches. On the hot path an event is only appended to an array;
 * everything else (the own-UI filter, privacy scrubbing, JSON) happens once per batch, when
 * the caller's timer seals it. Pure: no timers, no storage, no network; the recorder drives it.
 */

export interface Batch {
  seq: number;
  /** The batch as a JSON array text, exactly what is sent (before compression). */
  json: string;
  count: number;
}

/** Turns a raw event into what may be recorded (undefined: nothing of it may). */
export type Prepare = (event: unknown) => unknown;

export interface BatcherOptions {
  /** A sealed batch's JSON stays under this (an event larger than it is a batch of its own). */
  maxBytes: number;
  /** Events per batch at most (the API takes up to 20,000 per chunk). */
  maxEvents: number;
  /** Gives the next sequence number; must only grow, also across page loads. */
  nextSeq: () => number;
  prepare?: Prepare;
  /** Sees every event that goes into a batch (the end-to-end tests' hook). */
  onPrepared?: (event: unknown) => void;
}

export class Batcher {
  private events: unknown[] = [];

  constructor(private readonly opts: BatcherOptions) {}

  get count(): number {
    return this.events.length;
  }

  /** Appends one event: the whole per-event cost of recording it. */
  add(event: unknown): void {
    this.events.push(event);
  }

  /**
   * Prepares and serializes what has been collected, in order, split into batches under
   * the byte and event caps (none when nothing may be recorded).
   */
  seal(): Batch[] {
    if (this.events.length === 0) return [];
    const events = this.events;
    this.events = [];
    const { prepare, onPrepared, maxBytes, maxEvents } = this.opts;
    const batches: Batch[] = [];
    let parts: string[] = [];
    let bytes = 0;
    const cut = () => {
      if (parts.length === 0) return;
      batches.push({ seq: this.opts.nextSeq(), json: `[${parts.join(",")}]`, count: parts.length });
      parts = [];
      bytes = 0;
    };
    for (const raw of events) {
      const event = prepare ? prepare(raw) : raw;
      if (event === undefined) continue;
      onPrepared?.(event);
      const text = JSON.stringify(event);
      if (parts.length > 0 && (bytes + text.length + 1 > maxBytes || parts.length >= maxEvents)) cut();
      parts.push(text);
      bytes += text.length + 1;
    }
    cut();
    return batches;
  }
}

/**
 * Sequence numbers that only grow within a session, across page loads and tabs that share
 * its sessionStorage: milliseconds since the session's recording started, bumped past the
 * last one handed out. Order of sealing is order of replay.
 */
export function sequencer(
  startedAt: number,
  last: () => number,
  save: (seq: number) => void,
  now = Date.now,
) {
  return () => {
    const seq = Math.max(last() + 1, Math.max(0, now() - startedAt));
    save(seq);
    return seq;
  };
}
