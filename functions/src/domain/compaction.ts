import type { ChunkRef } from "./session";

/**
 * Compaction of a finished session's recording: its raw chunk objects (one gzip object per
 * upload) become a few brotli objects ("segments"), each holding a few minutes of the
 * recording as the chunks' JSON texts one after another, with an index entry naming, for
 * every chunk in it, where its text lies. A reader that wants one moment decompresses one
 * segment, so replay can still start anywhere. Pure: the job (services/compaction.ts) does
 * the reading and writing.
 */

/** A segment holds at most this much recording time, and at most this much JSON. */
export const SEGMENT_SPAN_MS = 5 * 60_000;
export const SEGMENT_MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** Where one chunk's text lies in its segment's decompressed body. */
export interface SegmentPart {
  offset: number;
  length: number;
  /** The segment object's size: what it occupies in storage. */
  objectBytes: number;
}

/** The index entry of one compacted segment. */
export interface SegmentRef {
  firstSeq: number;
  lastSeq: number;
  key: string;
  /** The object's size in bytes. */
  bytes: number;
  storedAt: string;
  /** Every chunk in it, as it was indexed, with where its text lies. */
  chunks: (Omit<ChunkRef, "key" | "part"> & { offset: number; length: number })[];
}

/** Whether the next chunk (by seq) starts a new segment: a few minutes, a few MB of JSON each. */
export function startsNewSegment(
  current: { firstTs: number; textBytes: number; count: number },
  next: { firstTs: number; textBytes: number },
): boolean {
  if (current.count === 0) return false;
  return (
    next.firstTs - current.firstTs > SEGMENT_SPAN_MS ||
    current.textBytes + next.textBytes > SEGMENT_MAX_TEXT_BYTES
  );
}

/**
 * One segment's body and index entry, from its chunks' texts (each a JSON array). The body
 * is itself JSON, an array of the chunks' arrays, so a segment reads whole as well as by part.
 */
export function buildSegment(
  chunks: readonly { ref: ChunkRef; text: string }[],
  key: string,
  now: Date,
): { body: string; entry: Omit<SegmentRef, "bytes"> } {
  let offset = 1; // after "["
  const parts: string[] = [];
  const entries: SegmentRef["chunks"] = [];
  for (const { ref, text } of chunks) {
    const { key: _raw, part: _part, ...kept } = ref;
    const length = Buffer.byteLength(text);
    entries.push({ ...kept, offset, length });
    parts.push(text);
    offset += length + 1; // and its ","
  }
  const first = chunks[0]?.ref.seq ?? 0;
  const last = chunks.at(-1)?.ref.seq ?? first;
  return {
    body: `[${parts.join(",")}]`,
    entry: { firstSeq: first, lastSeq: last, key, storedAt: now.toISOString(), chunks: entries },
  };
}

/**
 * The recording's chunks as readers see them: every chunk in a segment is read from it; a
 * raw chunk only where no segment holds its seq (a compaction that stopped part-way leaves
 * both, and either is complete). The first segment indexed for a seq wins.
 */
export function effectiveChunks(raw: readonly ChunkRef[], segments: readonly SegmentRef[]): ChunkRef[] {
  const bySeq = new Map<number, ChunkRef>();
  for (const s of [...segments].sort((a, b) => a.firstSeq - b.firstSeq)) {
    for (const { offset, length, ...c } of s.chunks) {
      if (!bySeq.has(c.seq))
        bySeq.set(c.seq, { ...c, key: s.key, part: { offset, length, objectBytes: s.bytes } });
    }
  }
  for (const r of raw) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Bytes the recording occupies in storage now: each object read by its index counted once. */
export function storedBytes(chunks: readonly ChunkRef[]): number {
  const objects = new Map<string, number>();
  for (const c of chunks) objects.set(c.key, c.part ? c.part.objectBytes : c.bytes);
  let total = 0;
  for (const n of objects.values()) total += n;
  return total;
}

/** The raw chunks a compaction may delete: those whose seq a stored segment holds. */
export function coveredRaw(raw: readonly ChunkRef[], segments: readonly SegmentRef[]): ChunkRef[] {
  const held = new Set(segments.flatMap((s) => s.chunks.map((c) => c.seq)));
  return raw.filter((r) => held.has(r.seq));
}
