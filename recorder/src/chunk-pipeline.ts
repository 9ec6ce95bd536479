/**
 * From events to delivered chunks: the batcher seals by size and on a timer, the transport
 * delivers in order; the page going away (pagehide, hidden) seals and sends what it can.
 */
import { Batcher, sequencer } from "./batcher";
import type { SeqStore } from "./session-state";
import type { Transport } from "./transport";

const FLUSH_EVERY_MS = 5000;
const MAX_BATCH_BYTES = 256 * 1024;

export interface ChunkPipeline {
  add(event: unknown): void;
  /** Seals what was collected so far and hands it to the transport. */
  flush(): void;
  /** Stops the timers and listeners (after a last flush). */
  stop(): void;
}

export function chunkPipeline(startedAt: number, seqStore: SeqStore, transport: Transport): ChunkPipeline {
  const batcher = new Batcher(MAX_BATCH_BYTES, sequencer(startedAt, seqStore.load, seqStore.save));
  const flush = () => {
    const batch = batcher.seal();
    if (batch) transport.enqueue(batch);
  };
  const timer = setInterval(flush, FLUSH_EVERY_MS);
  const onHide = () => {
    flush();
    transport.flushOnHide();
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") onHide();
  };
  window.addEventListener("pagehide", onHide);
  document.addEventListener("visibilitychange", onVisibility);
  return {
    add(event) {
      window.frictionmapDebug?.(event);
      const full = batcher.add(event);
      if (full) transport.enqueue(full);
    },
    flush,
    stop() {
      flush();
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
