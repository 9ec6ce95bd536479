import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { CHUNK_LIMITS, type EventWindow, ingestWindow, readableEvents } from "../domain/chunk";
import type { ChunkRef, Session } from "../domain/session";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "recordings">;
type Reader = Pick<Deps, "blobs" | "log">;
/** What reading a session's chunks needs to know of it: its id and when consent was given. */
type SessionTimes = Pick<Session, "id" | "consent">;

/** A compacted segment's body decompresses to at most this (its builder keeps it far below). */
const SEGMENT_DECOMPRESSED_CAP = 64 * 1024 * 1024;

/**
 * The segment bodies one pass over a recording (a replay, an analysis) has read: each
 * segment is fetched and decompressed once for all its chunks; only the latest is kept.
 */
export function segmentCache() {
  let key: string | undefined;
  let body: Promise<Buffer | undefined> | undefined;
  return (deps: Reader, k: string): Promise<Buffer | undefined> => {
    if (key !== k || !body) {
      key = k;
      body = deps.blobs
        .get(k)
        .then((br) =>
          br ? brotliDecompressSync(br, { maxOutputLength: SEGMENT_DECOMPRESSED_CAP }) : undefined,
        );
    }
    return body;
  };
}
export type SegmentCache = ReturnType<typeof segmentCache>;

/** The window a stored chunk's events were held to: consent − 1 h to its arrival + 1 h. */
function storedWindow(session: SessionTimes, ref: ChunkRef): EventWindow {
  const storedAt = Date.parse(ref.storedAt);
  return ingestWindow(
    session.consent.acceptedAt,
    new Date(Number.isFinite(storedAt) ? storedAt : Date.now()),
  );
}

interface StoredChunk {
  events: unknown[];
  /** The stored JSON text, when every event in it is readable as it is. */
  text?: string;
}

/** A chunk's stored JSON text: its own gzip object, or its part of a compacted segment. */
async function chunkText(
  deps: Reader,
  ref: ChunkRef,
  segments: SegmentCache,
): Promise<{ text: string } | { problem: string }> {
  if (ref.part) {
    let body: Buffer | undefined;
    try {
      body = await segments(deps, ref.key);
    } catch {
      return { problem: "not_brotli" };
    }
    if (!body) return { problem: "missing_object" };
    const { offset, length } = ref.part;
    if (offset + length > body.byteLength) return { problem: "segment_too_short" };
    return { text: body.subarray(offset, offset + length).toString("utf8") };
  }
  const gz = await deps.blobs.get(ref.key);
  if (!gz) return { problem: "missing_object" };
  try {
    return { text: gunzipSync(gz, { maxOutputLength: CHUNK_LIMITS.decompressedBytes }).toString("utf8") };
  } catch {
    return { problem: "not_gzip" };
  }
}

/**
 * One stored chunk, read defensively: whatever breaks the ingest rule (written before it,
 * or not by the API at all: a missing or corrupt object, deep nesting, bad times) is left
 * out and logged, so a read or an analysis never fails on it.
 */
async function readChunk(
  deps: Reader,
  session: SessionTimes,
  ref: ChunkRef,
  segments: SegmentCache,
): Promise<StoredChunk> {
  const skipped = (reason: string, dropped?: number) =>
    deps.log({
      level: "warn",
      msg: "unreadable recording data skipped",
      sessionId: session.id,
      seq: ref.seq,
      reason,
      ...(dropped ? { dropped } : {}),
    });
  const stored = await chunkText(deps, ref, segments);
  if ("problem" in stored) {
    skipped(stored.problem);
    return { events: [] };
  }
  const read = readableEvents(stored.text, storedWindow(session, ref));
  if (read.unreadable) skipped(read.unreadable);
  else if (read.dropped > 0) skipped("malformed_events", read.dropped);
  return read.unreadable || read.dropped > 0
    ? { events: read.events }
    : { events: read.events, text: stored.text };
}

/** The readable events of one stored chunk (pass one cache to read a recording's chunks in turn). */
export async function chunkEvents(
  deps: Reader,
  session: SessionTimes,
  ref: ChunkRef,
  segments: SegmentCache = segmentCache(),
): Promise<unknown[]> {
  return (await readChunk(deps, session, ref, segments)).events;
}

/** A chunk's readable JSON text (compaction stores it as it is when nothing was left out). */
export async function chunkJson(deps: Reader, session: SessionTimes, ref: ChunkRef, segments: SegmentCache) {
  const chunk = await readChunk(deps, session, ref, segments);
  return { text: chunk.text ?? JSON.stringify(chunk.events), events: chunk.events.length };
}

/** A chunk's events as the inside of a JSON array: `[a,b]` → `a,b`. */
function arrayBody(chunk: StoredChunk): string {
  if (chunk.text === undefined) return JSON.stringify(chunk.events).slice(1, -1);
  return chunk.text.trim().slice(1, -1).trim();
}

/** The whole event stream as one JSON array, produced chunk by chunk in sequence order. */
export function eventStream(
  deps: Reader,
  session: SessionTimes,
  chunks: ChunkRef[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const segments = segmentCache();
  let i = 0;
  let wroteAny = false;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("["));
    },
    // Each pull enqueues something (a stream whose pull enqueues nothing is not pulled
    // again), so chunks with nothing readable are passed over here.
    async pull(controller) {
      for (;;) {
        const ref = chunks[i++];
        if (!ref) {
          controller.enqueue(encoder.encode("]"));
          controller.close();
          return;
        }
        const body = arrayBody(await readChunk(deps, session, ref, segments));
        if (body) {
          controller.enqueue(encoder.encode(wroteAny ? `,${body}` : body));
          wroteAny = true;
          return;
        }
      }
    },
  });
}

/** Chunks from `fromSeq` on, as many as fit in about `budgetBytes` of JSON (at least one). */
export async function chunkPage(
  deps: Stores & Reader,
  session: SessionTimes,
  fromSeq: number,
  budgetBytes: number,
) {
  const refs = await deps.recordings.list(session.id, fromSeq);
  const segments = segmentCache();
  const chunks: { seq: number; events: unknown[] }[] = [];
  let used = 0;
  let next: number | null = null;
  for (const ref of refs) {
    if (chunks.length > 0 && used >= budgetBytes) {
      next = ref.seq;
      break;
    }
    const chunk = await readChunk(deps, session, ref, segments);
    used += chunk.text?.length ?? JSON.stringify(chunk.events).length;
    chunks.push({ seq: ref.seq, events: chunk.events });
  }
  return { chunks, next };
}
