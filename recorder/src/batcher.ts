/**
 * Collects events into batches, sealed by size or by the caller's timer. Pure: no timers,
 * no storage, no network; the recorder drives it.
 */

/** A rough byte size of an event as JSON, without serializing twice on the hot path. */
export function estimateSize(event: unknown): number {
  return JSON.stringify(event).length;
}

export interface Batch {
  seq: number;
  /** The batch as a JSON array text, exactly what is sent (before compression). */
  json: string;
  count: number;
}

export class Batcher {
  private parts: string[] = [];
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    /** Gives the next sequence number; must only grow, also across page loads. */
    private readonly nextSeq: () => number,
  ) {}

  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.parts.length;
  }

  /** Adds one event; returns a sealed batch when this event filled it. */
  add(event: unknown): Batch | undefined {
    const text = JSON.stringify(event);
    this.parts.push(text);
    this.bytes += text.length + 1;
    return this.bytes >= this.maxBytes ? this.seal() : undefined;
  }

  /** Seals what has been collected (undefined when empty). */
  seal(): Batch | undefined {
    if (this.parts.length === 0) return undefined;
    const batch: Batch = { seq: this.nextSeq(), json: `[${this.parts.join(",")}]`, count: this.parts.length };
    this.parts = [];
    this.bytes = 0;
    return batch;
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
