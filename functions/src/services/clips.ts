import type { Clip } from "../domain/clip";
import { notFound } from "../domain/errors";
import { viewSession } from "../domain/session";
import { findStep, type Study } from "../domain/study";
import type { Deps } from "../ports";

type Stores = Pick<Deps, "sessions" | "clips" | "studies">;

/** What a clip is checked against: the session's length and its step visits. */
export async function clipContext(deps: Pick<Deps, "sessions">, sessionId: string, now: Date) {
  const detail = await deps.sessions.detail(sessionId);
  if (!detail) throw notFound("session", sessionId);
  const { id, studyId, participantLabel, durationMs } = viewSession(detail.session);
  return { session: { id, studyId, participantLabel, durationMs }, visits: detail.stepVisits, now };
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

/** Deletes the clips of an erased session; reels that held them simply skip them. */
export async function eraseSessionClips(deps: Stores, studyId: string, sessionId: string) {
  const clips = await deps.clips.listBySession(studyId, sessionId);
  for (const clip of clips) await deps.clips.delete(clip.id);
  return clips.length;
}
