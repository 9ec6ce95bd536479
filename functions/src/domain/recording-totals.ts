import type { ChunkRef, Session } from "./session";

/** What the session item keeps of its recording for lists, counted from the chunk index. */
export type RecordingTotals = Pick<Session, "chunkCount" | "eventCount" | "bytes" | "firstTs" | "lastTs">;

/**
 * The totals of a recording from its chunk refs. Ingest writes only the index (one
 * conditional write per chunk); the session's totals are counted from it by the analysis that
 * follows new data (at most its debounce behind), at completion, and by the session route.
 */
export function recordingTotals(chunks: readonly ChunkRef[]): RecordingTotals {
  let eventCount = 0;
  let bytes = 0;
  let firstTs: number | undefined;
  let lastTs: number | undefined;
  for (const c of chunks) {
    eventCount += c.eventCount;
    bytes += c.bytes;
    if (firstTs === undefined || c.firstTs < firstTs) firstTs = c.firstTs;
    if (lastTs === undefined || c.lastTs > lastTs) lastTs = c.lastTs;
  }
  return {
    chunkCount: chunks.length,
    eventCount,
    bytes,
    ...(firstTs !== undefined ? { firstTs } : {}),
    ...(lastTs !== undefined ? { lastTs } : {}),
  };
}

/** When the latest chunk arrived (ISO), if any: the session's last recording activity. */
export function lastStoredAt(chunks: readonly ChunkRef[]): string | undefined {
  let latest: string | undefined;
  for (const c of chunks) if (latest === undefined || c.storedAt > latest) latest = c.storedAt;
  return latest;
}
