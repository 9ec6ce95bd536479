import { buildReport, type ReportSession, type StudyReport } from "../domain/analysis/report";
import type { Study } from "../domain/study";
import type { Deps } from "../ports";

/**
 * The study's journey map from what is stored: every session's attempts, step visits and
 * signals, and the study's annotations. Never re-analyzes.
 */
export async function studyReport(
  deps: Pick<Deps, "sessions" | "annotations">,
  study: Study,
): Promise<StudyReport> {
  const ids = await deps.sessions.allIdsByStudy(study.id);
  const rows: ReportSession[] = [];
  for (const id of ids) {
    const detail = await deps.sessions.detail(id);
    if (!detail) continue; // erased meanwhile
    rows.push({
      session: detail.session,
      attempts: detail.attempts,
      visits: detail.stepVisits,
      signals: detail.signals,
      feedback: detail.feedback,
    });
  }
  const annotations = await deps.annotations.listByStudy(study.id);
  return buildReport(study, rows, annotations);
}
