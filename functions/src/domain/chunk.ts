import { AppError } from "./errors";

/** Caps on one uploaded recording chunk. */
export const CHUNK_LIMITS = {
  compressedBytes: 1024 * 1024,
  decompressedBytes: 8 * 1024 * 1024,
  events: 20_000,
  maxSeq: 99_999_999,
};

export interface ChunkSummary {
  eventCount: number;
  firstTs: number;
  lastTs: number;
}

/**
 * Checks that decompressed chunk text is a JSON array of rrweb events (objects with a
 * numeric type and timestamp) and summarizes it. Untrusted input: every failure is a 400.
 */
export function parseChunk(text: string): { events: unknown[]; summary: ChunkSummary } {
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch {
    throw new AppError(400, "malformed_chunk", "The chunk is not valid JSON.");
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new AppError(400, "malformed_chunk", "A chunk must be a non-empty JSON array of events.");
  }
  if (events.length > CHUNK_LIMITS.events) {
    throw new AppError(413, "chunk_too_large", `A chunk may hold at most ${CHUNK_LIMITS.events} events.`);
  }
  let firstTs = Number.POSITIVE_INFINITY;
  let lastTs = 0;
  events.forEach((e, i) => {
    const ev = e as { type?: unknown; timestamp?: unknown } | null;
    if (
      typeof ev !== "object" ||
      ev === null ||
      !Number.isInteger(ev.type) ||
      typeof ev.timestamp !== "number" ||
      !Number.isFinite(ev.timestamp)
    ) {
      throw new AppError(400, "malformed_chunk", "Every event needs a numeric type and timestamp.", [
        { path: `[${i}]`, message: "not an rrweb event" },
      ]);
    }
    firstTs = Math.min(firstTs, ev.timestamp);
    lastTs = Math.max(lastTs, ev.timestamp);
  });
  return { events, summary: { eventCount: events.length, firstTs, lastTs } };
}
