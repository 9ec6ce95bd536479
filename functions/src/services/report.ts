import { buildReport, type ReportSession, type StudyReport } from "../domain/analysis/report";
import type { Study } from "../domain/study";
import type { CoreDeps } from "../ports";

/**
 * The study's journey map from what the worker keeps: the session records (one query on the
 * study's index), the per-session summaries (one query on the study's partition) and the
 * study's annotations. Never one read per session, never re-analyses. A session the worker
 * has not summarised yet counts with its record alone.
 */
export async function studyReport(
  deps: Pick<CoreDeps, "sessions" | "analyses" | "annotations">,
  study: Study,
): Promise<StudyReport> {
  const [sessions, summaries, annotations] = await Promise.all([
    deps.sessions.allByStudy(study.id),
    deps.analyses.listSummaries(study.id),
    deps.annotations.listByStudy(study.id),
  ]);
  const bySession = new Map(summaries.map((s) => [s.sessionId, s]));
  const rows: ReportSession[] = sessions.map((session) => {
    const summary = bySession.get(session.id);
    return {
      session,
      attempts: summary?.attempts ?? [],
      visits: summary?.visits ?? [],
      signals: summary?.signals ?? [],
      feedback: summary?.feedback ?? [],
    };
  });
  return buildReport(study, rows, annotations);
}
