import { ttlOf } from "../../domain/retention";
import type { ChunkRef } from "../../domain/session";
import type { RecordingIndex } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

/**
 * The chunk index: one item per stored chunk, written once (conditionally) per sequence
 * number. The session item is not touched on ingest: its totals are counted from this index
 * by the analysis that follows new data, and at completion (domain/recording-totals.ts).
 */
export function dynamoRecordingIndex(table: Table): RecordingIndex {
  const pk = (id: string) => key.session(id).pk;

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
      const items = await table.all(
        fromSeq === undefined
          ? { pk: pk(sessionId), skPrefix: "CHUNK#" }
          : { pk: pk(sessionId), skFrom: key.chunk(sessionId, fromSeq).sk },
      );
      return items.filter((i) => String(i.sk).startsWith("CHUNK#")).map((i) => entityOf<ChunkRef>(i));
    },
  };
}
