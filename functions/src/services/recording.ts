import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CHUNK_LIMITS, type EventWindow, ingestWindow, parseChunk, readableEvents } from "../domain/chunk";
import { AppError } from "../domain/errors";
import { retentionClass } from "../domain/retention";
import { type ChunkRef, chunkKey, type Session } from "../domain/session";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "recordings" | "blobs">;
type Reader = Pick<Deps, "blobs" | "log">;
/** What reading a session's chunks needs to know of it: its id and when consent was given. */
type SessionTimes = Pick<Session, "id" | "consent">;

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

/**
 * One stored chunk, read defensively: whatever breaks the ingest rule (written before it,
 * or not by the API at all: a missing or corrupt object, deep nesting, bad times) is left
 * out and logged, so a read or an analysis never fails on it.
 */
async function readChunk(deps: Reader, session: SessionTimes, ref: ChunkRef): Promise<StoredChunk> {
  const skipped = (reason: string, dropped?: number) =>
    deps.log({
      level: "warn",
      msg: "unreadable recording data skipped",
      sessionId: session.id,
      seq: ref.seq,
      reason,
      ...(dropped ? { dropped } : {}),
    });
  const gz = await deps.blobs.get(ref.key);
  if (!gz) {
    skipped("missing_object");
    return { events: [] };
  }
  let text: string;
  try {
    text = gunzipSync(gz, { maxOutputLength: CHUNK_LIMITS.decompressedBytes }).toString("utf8");
  } catch {
    skipped("not_gzip");
    return { events: [] };
  }
  const read = readableEvents(text, storedWindow(session, ref));
  if (read.unreadable) skipped(read.unreadable);
  else if (read.dropped > 0) skipped("malformed_events", read.dropped);
  return read.unreadable || read.dropped > 0 ? { events: read.events } : { events: read.events, text };
}

/** The readable events of one stored chunk. */
export async function chunkEvents(deps: Reader, session: SessionTimes, ref: ChunkRef): Promise<unknown[]> {
  return (await readChunk(deps, session, ref)).events;
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
        const body = arrayBody(await readChunk(deps, session, ref));
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
  const chunks: { seq: number; events: unknown[] }[] = [];
  let used = 0;
  let next: number | null = null;
  for (const ref of refs) {
    if (chunks.length > 0 && used >= budgetBytes) {
      next = ref.seq;
      break;
    }
    const chunk = await readChunk(deps, session, ref);
    used += chunk.text?.length ?? JSON.stringify(chunk.events).length;
    chunks.push({ seq: ref.seq, events: chunk.events });
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
 * Stores one gzip chunk of a session once: two storage round trips, the object and then its
 * conditional index entry (so an indexed chunk is always readable). A resend this process
 * has seen indexed is acknowledged without touching storage; any other resend loses the
 * conditional write, and its spare object is deleted. Every chunk is checked first.
 */
export async function storeChunk(
  deps: Stores & Pick<Deps, "ingestCache" | "log">,
  session: Pick<Session, "id" | "consent" | "retentionDays" | "expiresAt">,
  seq: number,
  gz: Uint8Array,
  now: Date,
): Promise<{ stored: boolean }> {
  const sessionId = session.id;
  if (!Number.isInteger(seq) || seq < 0 || seq > CHUNK_LIMITS.maxSeq) {
    throw new AppError(400, "invalid_request", "seq must be a whole number from 0.");
  }
  const { summary } = parseChunk(gunzipCapped(gz), ingestWindow(session.consent.acceptedAt, now));
  if (deps.ingestCache.hasChunk(sessionId, seq)) return { stored: false };
  const ref: ChunkRef = {
    seq,
    key: chunkKey(sessionId, seq, randomBytes(6).toString("base64url")),
    bytes: gz.byteLength,
    ...summary,
    storedAt: now.toISOString(),
  };
  // Tagged with the session's retention class: the bucket's lifecycle rule for it expires it.
  await deps.blobs.put(ref.key, gz, "application/gzip", {
    days: session.retentionDays ?? retentionClass(undefined),
  });
  // The index entry carries the session's ttl from the start: retention costs no extra write.
  const stored = await deps.recordings.add(sessionId, ref, session.expiresAt);
  // Indexed either way: by this upload, or by an earlier (or concurrent) one of the same seq.
  deps.ingestCache.chunkIndexed(sessionId, seq);
  // A resend lost the index to the copy stored before: ours is a spare, never pointed to.
  if (!stored) {
    await deps.blobs.delete(ref.key).catch((err: unknown) =>
      // Never read (the index points to the first copy); the session's erasure or expiry removes it.
      deps.log({ level: "warn", msg: "spare chunk copy not deleted", sessionId, seq, error: String(err) }),
    );
  }
  return { stored };
}
