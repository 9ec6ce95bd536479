import { notesOf } from "../domain/notes-export";
import type { Study } from "../domain/study";
import type { Deps } from "../ports";

/**
 * The study's annotations, clips and participant quotes, each with a moment link. Four
 * indexed queries whatever the study's size, never a read per session: the session
 * records (the study's index), the per-session summaries the worker keeps (the study's
 * partition: attempts with their comments, problem reports), the annotations and the
 * clips (the study's index). A session's words appear once the worker has summarised it,
 * at most a debounce behind what the participant sent.
 */
export async function studyNotes(
  deps: Pick<Deps, "sessions" | "analyses" | "annotations" | "clips">,
  study: Study,
  appUrl: string,
) {
  const [records, summaries, annotations, clips] = await Promise.all([
    deps.sessions.allByStudy(study.id),
    deps.analyses.listSummaries(study.id),
    deps.annotations.listByStudy(study.id),
    deps.clips.listByStudy(study.id),
  ]);
  const bySession = new Map(summaries.map((s) => [s.sessionId, s]));
  const sessions = records
    .map((session) => {
      const summary = bySession.get(session.id);
      return {
        id: session.id,
        participantLabel: session.participantLabel,
        ...(session.firstTs !== undefined ? { firstTs: session.firstTs } : {}),
        startedAt: session.startedAt,
        feedback: summary?.feedback ?? [],
        attempts: summary?.attempts ?? [],
      };
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return notesOf(study, sessions, annotations, clips, appUrl);
}
