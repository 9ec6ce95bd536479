import type { IngestCache, ParticipantFacts } from "../ports";

/**
 * What this process remembers of the sessions it ingests, so that a chunk costs two storage
 * round trips (its object and its conditional index entry) instead of ten. What is kept, and
 * why each is safe:
 *
 * - A session's token hash, study, consent time and retention class never change for the
 *   session's life: they are kept while the session is in the cache.
 * - Whether the session still exists (erasure) and the study's origins (a reviewer may edit
 *   them) can change: those facts are read again once older than `freshMs`. Erasure drops a
 *   session from this process's cache at once; another process (another Lambda instance)
 *   may still admit its chunks for up to `freshMs`, so erasure runs once more after that
 *   (services/erase.ts), removing whatever such a chunk left.
 * - A session being completed or abandoned changes nothing here: late chunks (the last
 *   page's final flush) are stored and analysed as before.
 * - A sequence number seen indexed stays indexed (chunks are stored once, never replaced):
 *   a resend of it is answered without touching storage.
 * - A queued analysis cannot start before the queue's delay has passed: changes before
 *   then need not ask again (the analysis will read them).
 *
 * Bounded: the least recently used sessions are dropped beyond `maxSessions`.
 */
export const FACTS_FRESH_MS = 60_000;

interface Entry {
  facts?: ParticipantFacts;
  checkedAt: number;
  seqs: Set<number>;
  analysisNotBefore?: number;
}

export function memoryIngestCache(opts: { freshMs?: number; maxSessions?: number } = {}): IngestCache {
  const freshMs = opts.freshMs ?? FACTS_FRESH_MS;
  const maxSessions = opts.maxSessions ?? 10_000;
  const entries = new Map<string, Entry>();

  const touch = (sessionId: string): Entry => {
    let entry = entries.get(sessionId);
    if (entry) entries.delete(sessionId);
    else entry = { checkedAt: Number.NEGATIVE_INFINITY, seqs: new Set() };
    entries.set(sessionId, entry);
    if (entries.size > maxSessions) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    return entry;
  };

  return {
    facts(sessionId, now) {
      const entry = entries.get(sessionId);
      if (!entry?.facts || now - entry.checkedAt >= freshMs) return undefined;
      return touch(sessionId).facts;
    },
    rememberFacts(facts, now) {
      const entry = touch(facts.session.id);
      entry.facts = facts;
      entry.checkedAt = now;
    },
    hasChunk: (sessionId, seq) => entries.get(sessionId)?.seqs.has(seq) ?? false,
    chunkIndexed(sessionId, seq) {
      const entry = entries.get(sessionId);
      // Only for sessions admitted here: nothing else grows the cache.
      if (entry?.facts && entry.seqs.size < 100_000) entry.seqs.add(seq);
    },
    analysisPendingUntil: (sessionId) => entries.get(sessionId)?.analysisNotBefore,
    analysisQueued(sessionId, notBefore) {
      const entry = entries.get(sessionId);
      if (entry) entry.analysisNotBefore = notBefore;
    },
    forget(sessionId) {
      entries.delete(sessionId);
    },
  };
}
