import { notesOf } from "../domain/notes-export";
import type { Study } from "../domain/study";
import type { Deps } from "../ports";

/** A study's notes are read session by session; past this many sessions the export says so. */
export const NOTES_MAX_SESSIONS = 1000;

/** The study's annotations, clips and participant quotes, each with a moment link. */
export async function studyNotes(
  deps: Pick<Deps, "sessions" | "annotations" | "clips">,
  study: Study,
  appUrl: string,
) {
  const ids = (await deps.sessions.allByStudy(study.id)).slice(0, NOTES_MAX_SESSIONS).map((s) => s.id);
  const sessions = [];
  for (const id of ids) {
    const detail = await deps.sessions.detail(id);
    if (!detail) continue;
    const { session, feedback, attempts } = detail;
    sessions.push({
      id,
      participantLabel: session.participantLabel,
      ...(session.firstTs !== undefined ? { firstTs: session.firstTs } : {}),
      startedAt: session.startedAt,
      feedback,
      attempts,
    });
  }
  sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const [annotations, clips] = await Promise.all([
    deps.annotations.listByStudy(study.id),
    deps.clips.listByStudy(study.id),
  ]);
  return notesOf(study, sessions, annotations, clips, appUrl);
}
