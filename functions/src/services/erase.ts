import { sessionPrefix } from "../domain/session";
import type { CoreDeps } from "../ports";
import { eraseSessionClips } from "./clips";
import { FACTS_FRESH_MS } from "./ingest-cache";

type Stores = Pick<
  CoreDeps,
  | "studies"
  | "invites"
  | "sessions"
  | "analyses"
  | "aggregates"
  | "annotations"
  | "clips"
  | "reels"
  | "shares"
  | "blobs"
  | "queue"
  | "ingestCache"
>;

/** The erasure runs again this long after, when no process can still admit the session's chunks. */
export const ERASE_AGAIN_AFTER_MS = FACTS_FRESH_MS + 60_000;

/**
 * Erases a participant's session: recording objects first, then annotations, then the
 * metadata, so that a failure part-way leaves the session listed and the erase can be
 * repeated until it completes. This process forgets the session at once; another one may
 * still admit a chunk on its cached facts (services/ingest-cache.ts) for a while, so the
 * erasure is queued once more for after that (`again`), removing whatever such a chunk left.
 */
export async function eraseSession(
  deps: Stores,
  studyId: string,
  sessionId: string,
  opts: { again: boolean } = { again: true },
) {
  deps.ingestCache.forget(sessionId);
  const chunksDeleted = await deps.blobs.deletePrefix(sessionPrefix(sessionId));
  const annotations = await deps.annotations.listBySession(studyId, sessionId);
  for (const a of annotations) await deps.annotations.delete(a.id);
  await eraseSessionClips(deps, studyId, sessionId);
  await deps.analyses.deleteSummary(studyId, sessionId);
  await deps.sessions.delete(sessionId);
  if (opts.again) {
    await deps.queue.send({ kind: "erase-session", studyId, sessionId }, { delayMs: ERASE_AGAIN_AFTER_MS });
  }
  return { chunksDeleted, annotationsDeleted: annotations.length };
}

/** Erases a study and everything under it; the study item goes last so a retry finds it. */
export async function eraseStudy(deps: Stores, studyId: string) {
  const sessionIds = (await deps.sessions.allByStudy(studyId)).map((s) => s.id);
  for (const id of sessionIds) await eraseSession(deps, studyId, id);
  for (const a of await deps.annotations.listByStudy(studyId)) await deps.annotations.delete(a.id);
  await deps.invites.deleteByStudy(studyId);
  for (const s of await deps.shares.listByStudy(studyId)) await deps.shares.delete(s);
  for (const r of await deps.reels.listByStudy(studyId)) await deps.reels.delete(r.id);
  for (const c of await deps.clips.listByStudy(studyId)) await deps.clips.delete(c.id);
  await deps.aggregates.delete(studyId);
  await deps.studies.delete(studyId);
  return { sessionsDeleted: sessionIds.length };
}
