import { createRecordingAnalyzer } from "../domain/analysis/analyze";
import { buildAttempts, countSignals, outcomesOf } from "../domain/analysis/attempts";
import { sessionJourney } from "../domain/analysis/session-journey";
import { DETECTOR_VERSION } from "../domain/analysis/types";
import { notFound } from "../domain/errors";
import { withoutPanelFields } from "../domain/participant";
import type { Outcome, SignalKind } from "../domain/session";
import type { Study } from "../domain/study";
import { resolveThresholds } from "../domain/thresholds";
import type { Deps } from "../ports";
import { chunkEvents } from "./recording";

export type AnalysisDeps = Pick<
  Deps,
  "studies" | "sessions" | "attempts" | "analyses" | "blobs" | "log" | "now"
>;

export interface SessionAnalysisSummary {
  sessionId: string;
  events: number;
  visits: number;
  signalCounts: Partial<Record<SignalKind, number>>;
  outcomes: Record<string, Outcome>;
}

/**
 * Analyzes one session over its stored chunks and stores the result: step visits and
 * signals (replacing earlier ones), attempts with their derived times and paths, and the
 * session's signal counts and outcomes. Safe to repeat: the same chunks and
 * thresholds give the same result. Reading a session never calls this.
 */
export async function analyzeSession(
  deps: AnalysisDeps,
  sessionId: string,
  preloaded?: { study?: Study },
): Promise<SessionAnalysisSummary> {
  const detail = await deps.sessions.detail(sessionId);
  if (!detail) throw notFound("session", sessionId);
  const { session } = detail;
  const study = preloaded?.study ?? (await deps.studies.get(session.studyId));
  if (!study) throw notFound("study", session.studyId);

  // Chunk by chunk, in sequence order: only one chunk's events are in memory at a time.
  const analyzer = createRecordingAnalyzer(study, resolveThresholds(study.thresholds));
  for (const ref of [...detail.chunks].sort((a, b) => a.seq - b.seq)) {
    analyzer.feed(await chunkEvents(deps, session, ref));
  }
  const result = analyzer.finish();
  const attempts = buildAttempts(result.attempts, study, {
    t0: result.t0,
    sessionEnded: session.status !== "active",
    stored: detail.attempts,
  });
  const signalCounts = countSignals(result.signals);
  const journey = sessionJourney(study, {
    final: session.status !== "active",
    attempts,
    visits: result.visits,
    signals: result.signals,
  });
  const outcomes = outcomesOf(attempts);

  await deps.analyses.put(sessionId, result.visits, result.signals);
  // Derived fields only: the panel's answers (written meanwhile, perhaps) stay as stored.
  for (const a of attempts) await deps.attempts.merge(sessionId, withoutPanelFields(a));
  await deps.sessions.update(sessionId, {
    signalCounts,
    outcomes,
    journey,
    analyzedAt: deps.now().toISOString(),
    detectorVersion: DETECTOR_VERSION,
  });
  return { sessionId, events: result.eventCount, visits: result.visits.length, signalCounts, outcomes };
}

/**
 * What ingest calls when a participant completes a session: analysis runs right away, so
 * the session shows its signals without anyone asking. A failure is logged and rethrown
 * (the sweep or a reanalysis can run it again; nothing is lost, the chunks stay stored).
 */
export async function analyzeCompletedSession(deps: AnalysisDeps, sessionId: string) {
  try {
    const summary = await analyzeSession(deps, sessionId);
    deps.log({ level: "info", msg: "session analyzed", sessionId, events: summary.events });
    return summary;
  } catch (err) {
    deps.log({ level: "error", msg: "session analysis failed", sessionId, error: String(err) });
    throw err;
  }
}

export interface ReanalysisResult {
  sessions: number;
  analyzed: number;
  failed: { sessionId: string; message: string }[];
  signalCounts: Partial<Record<SignalKind, number>>;
}

/** Sessions analyzed at once by a reanalysis: storage round trips overlap, memory stays small. */
const REANALYSIS_CONCURRENCY = 4;

/** Re-runs analysis over the stored chunks of every session of a study (after a threshold change). */
export async function reanalyzeStudy(deps: AnalysisDeps, study: Study): Promise<ReanalysisResult> {
  const ids = await deps.sessions.allIdsByStudy(study.id);
  const out: ReanalysisResult = { sessions: ids.length, analyzed: 0, failed: [], signalCounts: {} };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        const r = await analyzeSession(deps, id, { study });
        out.analyzed++;
        for (const [k, n] of Object.entries(r.signalCounts) as [SignalKind, number][]) {
          out.signalCounts[k] = (out.signalCounts[k] ?? 0) + n;
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.log({ level: "error", msg: "reanalysis failed", sessionId: id, error: message });
        out.failed.push({ sessionId: id, message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REANALYSIS_CONCURRENCY, ids.length) }, worker));
  return out;
}
