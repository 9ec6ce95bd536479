import { buildReport, type ReportSession, type StudyReport } from "../domain/analysis/report";
import {
  aggregateRetention,
  freshnessOf,
  needsRequest,
  type StoredReport,
} from "../domain/analysis/report-aggregate";
import type { Study } from "../domain/study";
import type { CoreDeps } from "../ports";
import { requestAggregate } from "./jobs";

type ReportReads = Pick<CoreDeps, "sessions" | "analyses" | "annotations">;

/**
 * The study's journey map from what the worker keeps: the session records (one query on the
 * study's index), the per-session summaries (one query on the study's partition) and the
 * study's annotations. Never one read per session, never re-analyses. A session the worker
 * has not summarised yet counts with its record alone. Run by the worker (aggregate-study).
 */
export async function studyReport(deps: ReportReads, study: Study) {
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
  return { report: buildReport(study, rows, annotations), retainUntil: aggregateRetention(sessions) };
}

/**
 * The aggregate-study job: takes the pending request (changes from now on ask again, and a
 * later rebuild sees them), rebuilds the report from what is stored, and stores it. The same
 * job twice stores the same result: an unchanged report keeps its stored content and time.
 */
export async function aggregateStudy(
  deps: ReportReads & Pick<CoreDeps, "studies" | "aggregates" | "now">,
  studyId: string,
) {
  const takenAt = await deps.aggregates.take(studyId, deps.now());
  const study = await deps.studies.get(studyId);
  if (!study) {
    await deps.aggregates.delete(studyId);
    return { skipped: "study erased" };
  }
  const { report, retainUntil } = await studyReport(deps, study);
  const outcome = await deps.aggregates.put(
    studyId,
    { report, builtAt: deps.now().toISOString(), ...(retainUntil ? { retainUntil } : {}) },
    takenAt,
  );
  return { outcome, sessions: report.sessions.total, counted: report.sessions.counted };
}

/**
 * What GET report serves: the stored report with how fresh it is, or undefined when none
 * is built yet. Asks for a rebuild when none is stored or the pending one looks lost.
 */
export async function storedReport(
  deps: Pick<CoreDeps, "aggregates" | "queue" | "now">,
  studyId: string,
): Promise<StoredReport | undefined> {
  const stored = await deps.aggregates.get(studyId);
  if (needsRequest(stored?.state, stored?.report !== undefined, deps.now())) {
    await requestAggregate(deps, studyId, { now: stored?.report === undefined });
  }
  if (!stored?.report) return undefined;
  return { ...stored.report, freshness: freshnessOf(stored.report, stored.state) };
}

export type { StudyReport };
