import { randomBytes } from "node:crypto";
import { brotliCompressSync, constants } from "node:zlib";
import {
  buildSegment,
  coveredRaw,
  type SegmentRef,
  startsNewSegment,
  storedBytes,
} from "../domain/compaction";
import { retentionClass } from "../domain/retention";
import { type ChunkRef, type Session, sessionPrefix } from "../domain/session";
import type { CoreDeps } from "../ports";
import { chunkJson, segmentCache } from "./recording-reads";

type Deps = Pick<CoreDeps, "sessions" | "recordings" | "blobs" | "log" | "now">;

/** Brotli for JSON text: a large window (rrweb repeats itself across minutes), quality 9 (fast enough for the worker). */
const BROTLI = {
  params: {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_QUALITY]: 9,
    [constants.BROTLI_PARAM_LGWIN]: 24,
  },
};

const segmentKey = (sessionId: string, first: number, last: number) =>
  `${sessionPrefix(sessionId)}segments/${String(first).padStart(8, "0")}-${String(last).padStart(8, "0")}-${randomBytes(6).toString("base64url")}.json.br`;

/**
 * Compacts a finished session's raw chunks into brotli segments (domain/compaction.ts). The
 * order makes a crash at any point harmless and a rerun finish the work: each segment's
 * object is written before its index entry (one conditional write: the segment is indexed
 * whole or not at all); raw chunks are deleted only once a stored segment holds them,
 * object first, index entry last. Readers take a chunk from its segment when one holds it,
 * so a session is complete and never doubled in every state in between. Idempotent.
 */
export async function compactSession(deps: Deps, sessionId: string) {
  const session = await deps.sessions.get(sessionId);
  if (!session) return { skipped: "session erased" };
  if (session.status === "active") return { skipped: "session still recording" };
  const before = await deps.recordings.stored(sessionId);
  const held = new Set(coveredRaw(before.raw, before.segments).map((r) => r.seq));
  const pending = before.raw.filter((r) => !held.has(r.seq)).sort((a, b) => a.seq - b.seq);

  const reads = segmentCache();
  let group: { ref: ChunkRef; text: string }[] = [];
  let current = { firstTs: 0, textBytes: 0, count: 0 };
  let written = 0;
  for (const ref of pending) {
    const { text } = await chunkJson(deps, session, ref, reads);
    const next = { firstTs: ref.firstTs, textBytes: Buffer.byteLength(text) };
    if (startsNewSegment(current, next)) {
      written += await writeSegment(deps, session, group);
      group = [];
      current = { firstTs: 0, textBytes: 0, count: 0 };
    }
    if (current.count === 0) current.firstTs = ref.firstTs;
    group.push({ ref, text });
    current.textBytes += next.textBytes;
    current.count++;
  }
  if (group.length > 0) written += await writeSegment(deps, session, group);

  // What the stored index holds now decides what may go (a concurrent run's segments count too).
  const after = await deps.recordings.stored(sessionId);
  const done = coveredRaw(after.raw, after.segments);
  for (const ref of done) await deps.blobs.delete(ref.key);
  await deps.recordings.removeRaw(
    sessionId,
    done.map((r) => r.seq),
  );
  return {
    segmentsWritten: written,
    chunksCompacted: done.length,
    bytesBefore: storedBytes([...before.raw, ...before.segments.map(asRef)]),
    bytesAfter: storedBytes([...after.raw.filter((r) => !done.includes(r)), ...after.segments.map(asRef)]),
  };
}

/** A segment counted as one stored object. */
const asRef = (s: SegmentRef): ChunkRef => ({
  seq: s.firstSeq,
  key: s.key,
  bytes: s.bytes,
  eventCount: 0,
  firstTs: 0,
  lastTs: 0,
  storedAt: s.storedAt,
  part: { offset: 0, length: 0, objectBytes: s.bytes },
});

async function writeSegment(
  deps: Deps,
  session: Session,
  group: { ref: ChunkRef; text: string }[],
): Promise<number> {
  const first = group[0]?.ref.seq ?? 0;
  const last = group.at(-1)?.ref.seq ?? first;
  const key = segmentKey(session.id, first, last);
  const { body, entry } = buildSegment(group, key, deps.now());
  const br = brotliCompressSync(Buffer.from(body, "utf8"), BROTLI);
  // Tagged with the session's retention class, as its raw chunks were: the same lifecycle rule expires it.
  await deps.blobs.put(key, br, "application/octet-stream", {
    days: session.retentionDays ?? retentionClass(undefined),
  });
  const indexed = await deps.recordings.addSegment(
    session.id,
    { ...entry, bytes: br.byteLength },
    session.expiresAt,
  );
  if (!indexed) {
    // Another run indexed a segment starting here first: ours is a spare, never read.
    await deps.blobs.delete(key);
    return 0;
  }
  return 1;
}
