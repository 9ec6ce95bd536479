import { effectiveChunks, type SegmentRef } from "../../domain/compaction";
import { ttlOf } from "../../domain/retention";
import type { ChunkRef } from "../../domain/session";
import type { RecordingIndex } from "../../ports";
import { entityOf, type Item, type Table } from "./table";
import { key, pad } from "./table-design";

const segmentKey = (sessionId: string, firstSeq: number) => ({
  pk: key.session(sessionId).pk,
  sk: `SEGMENT#${pad(firstSeq, 8)}`,
});

/** A partition's chunk and segment items as readers see them (see domain/compaction.ts). */
export function chunksOfItems(items: readonly Item[]): ChunkRef[] {
  const raw = items.filter((i) => String(i.sk).startsWith("CHUNK#")).map((i) => entityOf<ChunkRef>(i));
  const segments = items
    .filter((i) => String(i.sk).startsWith("SEGMENT#"))
    .map((i) => entityOf<SegmentRef>(i));
  return effectiveChunks(raw, segments);
}

/**
 * The chunk index: one item per stored chunk, written once (conditionally) per sequence
 * number, and after compaction one item per segment. The session item is not touched on
 * ingest: its totals are counted from this index (domain/recording-totals.ts).
 */
export function dynamoRecordingIndex(table: Table): RecordingIndex {
  const pk = (id: string) => key.session(id).pk;
  const stored = async (sessionId: string) => {
    const [raw, segments] = await Promise.all([
      table.all({ pk: pk(sessionId), skPrefix: "CHUNK#" }),
      table.all({ pk: pk(sessionId), skPrefix: "SEGMENT#" }),
    ]);
    return {
      raw: raw.map((i) => entityOf<ChunkRef>(i)),
      segments: segments.map((i) => entityOf<SegmentRef>(i)),
    };
  };

  return {
    async add(sessionId, chunk, expiresAt) {
      const ttl = expiresAt ? { ttl: ttlOf(expiresAt) } : {};
      return table.put(
        { ...key.chunk(sessionId, chunk.seq), type: "chunk", ...chunk, ...ttl },
        { ifAbsent: true },
      );
    },
    async get(sessionId, seq) {
      const item = await table.get(key.chunk(sessionId, seq));
      return item ? entityOf<ChunkRef>(item) : undefined;
    },
    async list(sessionId, fromSeq) {
      const { raw, segments } = await stored(sessionId);
      const all = effectiveChunks(raw, segments);
      return fromSeq === undefined ? all : all.filter((c) => c.seq >= fromSeq);
    },
    stored,
    async addSegment(sessionId, segment, expiresAt) {
      const ttl = expiresAt ? { ttl: ttlOf(expiresAt) } : {};
      const item = { ...segmentKey(sessionId, segment.firstSeq), type: "segment", ...segment, ...ttl };
      return table.put(item, { ifAbsent: true });
    },
    async removeRaw(sessionId, seqs) {
      await table.deleteMany(seqs.map((seq) => key.chunk(sessionId, seq)));
    },
  };
}
