/**
 * From events to delivered chunks: the batcher collects (an append per event) and seals on
 * a timer, preparing and serializing the batch then; the transport compresses, stores and
 * delivers in order; the page going away (pagehide, hidden) seals and sends what it can.
 */
import { Batcher, type Prepare, sequencer } from "./batcher";
import type { Transport } from "./chunk-queue";
import type { SeqStore } from "./session-state";

const FLUSH_EVERY_MS = 5000;
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_BATCH_EVENTS = 5000;

export interface ChunkPipeline {
  add(event: unknown): void;
  /** Seals what was collected so far and hands it to the transport. */
  flush(): void;
  /** Stops the timers and listeners (after a last flush). */
  stop(): void;
}

export function chunkPipeline(
  startedAt: number,
  seqStore: SeqStore,
  transport: Transport,
  prepare: Prepare,
  sealed: () => void,
): ChunkPipeline {
  const batcher = new Batcher({
    maxBytes: MAX_BATCH_BYTES,
    maxEvents: MAX_BATCH_EVENTS,
    nextSeq: sequencer(startedAt, seqStore.load, seqStore.save),
    prepare,
    onPrepared: (event) => window.frictionmapDebug?.(event),
  });
  const flush = () => {
    for (const batch of batcher.seal()) transport.enqueue(batch);
    sealed();
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
    add: (event) => batcher.add(event),
    flush,
    stop() {
      flush();
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
