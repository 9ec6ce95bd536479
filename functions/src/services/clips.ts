import type { Clip, ClipContext } from "../domain/clip";
import { notFound } from "../domain/errors";
import { type Session, viewSession } from "../domain/session";
import { findStep, type Study } from "../domain/study";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "clips" | "reels" | "shares">;

/** What a clip is checked against: the session's length and its step visits. */
export async function clipContext(deps: Pick<Deps, "sessions">, sessionId: string, now: Date) {
  const detail = await deps.sessions.detail(sessionId);
  if (!detail) throw notFound("session", sessionId);
  return { session: clipSessionOf(detail.session), visits: detail.stepVisits, now };
}

/** What a clip keeps of its session: who, how long, and until when the session is kept. */
export function clipSessionOf(session: Session): ClipContext["session"] {
  const { id, studyId, participantLabel, durationMs, expiresAt } = viewSession(session);
  return { id, studyId, participantLabel, durationMs, ...(expiresAt ? { retainUntil: expiresAt } : {}) };
}

export async function loadClip(deps: Pick<Deps, "clips">, id: string): Promise<Clip> {
  const clip = await deps.clips.get(id);
  if (!clip) throw notFound("clip", id);
  return clip;
}

/** The words of a title card: who, which task and step, which tag. */
export function clipLabels(clip: Clip, study: Study | undefined) {
  const found = clip.stepId && study ? findStep(study, clip.stepId) : undefined;
  const task = found?.task ?? study?.tasks.find((t) => t.id === clip.taskId);
  return {
    participantLabel: clip.participantLabel,
    ...(task ? { task: task.title } : {}),
    ...(found ? { step: found.step.name } : {}),
    ...(clip.tag ? { tag: clip.tag } : {}),
  };
}

/**
 * Deletes the clips of an erased session, takes them out of the study's reels (a reel left
 * with none is deleted), and deletes the share links to what was deleted: nothing names
 * the session's clips afterwards. Safe to repeat.
 */
export async function eraseSessionClips(deps: Stores, studyId: string, sessionId: string) {
  const clips = await deps.clips.listBySession(studyId, sessionId);
  if (clips.length === 0) return 0;
  const gone = new Set(clips.map((c) => c.id));
  const changed = (await deps.reels.listByStudy(studyId)).flatMap((reel) => {
    const clipIds = reel.clipIds.filter((id) => !gone.has(id));
    return clipIds.length === reel.clipIds.length ? [] : [{ ...reel, clipIds }];
  });
  for (const reel of changed) if (reel.clipIds.length === 0) gone.add(reel.id);
  // Links first, clips last: a retry after a failure part-way finds everything it needs.
  for (const share of await deps.shares.listByStudy(studyId)) {
    if (gone.has(share.target.id)) await deps.shares.delete(share);
  }
  for (const reel of changed) {
    if (reel.clipIds.length === 0) await deps.reels.delete(reel.id);
    else await deps.reels.put(reel);
  }
  for (const clip of clips) await deps.clips.delete(clip.id);
  return clips.length;
}
