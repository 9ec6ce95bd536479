import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CHUNK_LIMITS, parseChunk } from "../domain/chunk";
import { AppError } from "../domain/errors";
import { type ChunkRef, chunkKey, type Session } from "../domain/session";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "recordings" | "blobs">;

/** The JSON array text of one stored chunk (stored as gzip of a validated JSON array). */
async function chunkText(deps: Pick<Deps, "blobs">, ref: ChunkRef): Promise<string> {
  const gz = await deps.blobs.get(ref.key);
  if (!gz) throw new Error(`recording chunk ${ref.key} is indexed but missing from storage`);
  return gunzipSync(gz).toString("utf8");
}

/** The events of one stored chunk, parsed. */
export async function chunkEvents(deps: Pick<Deps, "blobs">, ref: ChunkRef): Promise<unknown[]> {
  const events: unknown = JSON.parse(await chunkText(deps, ref));
  if (!Array.isArray(events)) throw new Error(`recording chunk ${ref.key} is not a JSON array`);
  return events;
}

/** The inside of a JSON array: `[a,b]` → `a,b`. */
function arrayBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
    throw new Error("a stored recording chunk is not a JSON array");
  }
  return trimmed.slice(1, -1).trim();
}

/** The whole event stream as one JSON array, produced chunk by chunk in sequence order. */
export function eventStream(deps: Pick<Deps, "blobs">, chunks: ChunkRef[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  let wroteAny = false;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      const ref = chunks[i++];
      if (!ref) {
        controller.enqueue(encoder.encode("]"));
        controller.close();
        return;
      }
      const body = arrayBody(await chunkText(deps, ref));
      if (body) {
        controller.enqueue(encoder.encode(wroteAny ? `,${body}` : body));
        wroteAny = true;
      }
    },
  });
}

/** Chunks from `fromSeq` on, as many as fit in about `budgetBytes` of JSON (at least one). */
export async function chunkPage(deps: Stores, sessionId: string, fromSeq: number, budgetBytes: number) {
  const refs = await deps.recordings.list(sessionId, fromSeq);
  const chunks: { seq: number; events: unknown[] }[] = [];
  let used = 0;
  let next: number | null = null;
  for (const ref of refs) {
    if (chunks.length > 0 && used >= budgetBytes) {
      next = ref.seq;
      break;
    }
    const text = await chunkText(deps, ref);
    used += text.length;
    chunks.push({ seq: ref.seq, events: JSON.parse(text) as unknown[] });
  }
  return { chunks, next };
}

/** Decompresses an uploaded chunk, refusing gzip bombs: output is capped, not trusted. */
export function gunzipCapped(gz: Uint8Array): string {
  if (gz.byteLength > CHUNK_LIMITS.compressedBytes) {
    throw new AppError(
      413,
      "chunk_too_large",
      `A chunk may be at most ${CHUNK_LIMITS.compressedBytes} bytes compressed.`,
    );
  }
  try {
    return gunzipSync(gz, { maxOutputLength: CHUNK_LIMITS.decompressedBytes }).toString("utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new AppError(
        413,
        "chunk_too_large",
        `A chunk may be at most ${CHUNK_LIMITS.decompressedBytes} bytes decompressed.`,
      );
    }
    throw new AppError(400, "malformed_chunk", "The chunk is not valid gzip.");
  }
}

/**
 * Stores one gzip chunk of a session once: a chunk whose sequence number is already
 * indexed is acknowledged without being written again. The object is written before its
 * index entry, so an indexed chunk is always readable.
 */
export async function storeChunk(
  deps: Stores,
  session: Pick<Session, "id" | "status">,
  seq: number,
  gz: Uint8Array,
  now: Date,
): Promise<{ stored: boolean; ref: ChunkRef }> {
  const sessionId = session.id;
  if (!Number.isInteger(seq) || seq < 0 || seq > CHUNK_LIMITS.maxSeq) {
    throw new AppError(400, "invalid_request", "seq must be a whole number from 0.");
  }
  const { summary } = parseChunk(gunzipCapped(gz));
  const existing = await deps.recordings.get(sessionId, seq);
  if (existing) return { stored: false, ref: existing };
  const ref: ChunkRef = {
    seq,
    key: chunkKey(sessionId, seq, randomBytes(6).toString("base64url")),
    bytes: gz.byteLength,
    ...summary,
    storedAt: now.toISOString(),
  };
  await deps.blobs.put(ref.key, gz, "application/gzip");
  const stored = await deps.recordings.add(sessionId, ref);
  if (!stored) {
    // A concurrent resend of the same chunk won the index: ours is a spare copy.
    await deps.blobs.delete(ref.key);
    return { stored, ref: (await deps.recordings.get(sessionId, seq)) ?? ref };
  }
  await deps.recordings.count(session, ref, now);
  return { stored, ref };
}
