import { createRecordingAnalyzer } from "../domain/analysis/analyze";
import { buildAttempts, countSignals, outcomesOf } from "../domain/analysis/attempts";
import type { MapClick } from "../domain/analysis/click-map";
import { sessionJourney } from "../domain/analysis/session-journey";
import { DETECTOR_VERSION } from "../domain/analysis/types";
import { notFound } from "../domain/errors";
import { withoutPanelFields } from "../domain/participant";
import { lastStoredAt, recordingTotals } from "../domain/recording-totals";
import type { Outcome, SignalKind } from "../domain/session";
import type { Study } from "../domain/study";
import { resolveThresholds } from "../domain/thresholds";
import type { CoreDeps, SessionDetail, SessionSummary } from "../ports";
import { requestAggregate } from "./jobs";
import { chunkEvents, segmentCache } from "./recording-reads";

export type AnalysisDeps = Pick<
  CoreDeps,
  "studies" | "sessions" | "attempts" | "analyses" | "aggregates" | "queue" | "blobs" | "log" | "now"
>;

export interface SessionAnalysisSummary {
  sessionId: string;
  events: number;
  visits: number;
  signalCounts: Partial<Record<SignalKind, number>>;
  outcomes: Record<string, Outcome>;
  /** Chunks still stored raw (not yet compacted). */
  rawChunks: number;
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
  const segments = segmentCache();
  for (const ref of [...detail.chunks].sort((a, b) => a.seq - b.seq)) {
    analyzer.feed(await chunkEvents(deps, session, ref, segments));
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
  // The recording's totals, counted from its index (ingest writes only the index), and its
  // last activity for the sweeper while the session is open.
  const latestChunk = lastStoredAt(detail.chunks);
  await deps.sessions.update(sessionId, {
    ...recordingTotals(detail.chunks),
    ...(latestChunk && latestChunk > session.lastActivityAt ? { lastActivityAt: latestChunk } : {}),
    signalCounts,
    outcomes,
    journey,
    analyzedAt: deps.now().toISOString(),
    detectorVersion: DETECTOR_VERSION,
  });
  await storeSummary(deps, sessionId, result.clicks);
  return {
    sessionId,
    events: result.eventCount,
    visits: result.visits.length,
    signalCounts,
    outcomes,
    rawChunks: detail.chunks.filter((c) => !c.part).length,
  };
}

/** What the report reads of a session, from what is stored. */
export function summaryOf(detail: SessionDetail, clicks: MapClick[] = []): SessionSummary {
  return {
    sessionId: detail.session.id,
    attempts: detail.attempts,
    visits: detail.stepVisits,
    signals: detail.signals,
    feedback: detail.feedback,
    clicks,
  };
}

/**
 * Writes the session's summary for the report (in its study's partition) from what is
 * stored now, then asks for the study's journey map to be rebuilt (debounced: a burst of
 * analyses makes one rebuild). Idempotent; the last analysis of a session leaves the last word.
 */
export async function storeSummary(
  deps: Pick<AnalysisDeps, "sessions" | "analyses" | "aggregates" | "queue" | "now">,
  sessionId: string,
  clicks: MapClick[] = [],
) {
  const detail = await deps.sessions.detail(sessionId);
  if (!detail) return; // erased meanwhile: nothing to summarise
  const { expiresAt, studyId } = detail.session;
  await deps.analyses.putSummary(studyId, summaryOf(detail, clicks), expiresAt);
  // Every item written for the session since (chunks, answers, analysis) expires with it.
  if (expiresAt) await deps.sessions.applyRetention(sessionId, expiresAt);
  await requestAggregate(deps, studyId);
}
