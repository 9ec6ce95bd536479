import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { CHUNK_LIMITS, ingestWindow, parseChunk } from "../domain/chunk";
import { AppError } from "../domain/errors";
import { retentionClass } from "../domain/retention";
import { type ChunkRef, chunkKey, type Session } from "../domain/session";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "recordings" | "blobs">;

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
