import type { Deps } from "../ports";
import { type AnalysisDeps, analyzeSession } from "./analysis";

/** How long a session may stay silent before the sweeper calls it abandoned. */
export const DEFAULT_IDLE_MS = 30 * 60_000;

type SweepDeps = AnalysisDeps & Pick<Deps, "idleSessions">;

/**
 * Ends sessions that stopped without completing (tab closed, participant gone): every
 * active session silent for `idleMs` is marked abandoned at its last activity, then analyzed
 * over its stored chunks (open attempts become abandoned). Runs on a timer locally and on a
 * schedule in AWS; the same code path in both. A failed analysis is logged and listed, and
 * does not stop the sweep.
 */
export async function sweepIdleSessions(
  deps: SweepDeps,
  now: Date,
  idleMs = DEFAULT_IDLE_MS,
  batch = 100,
): Promise<{ abandoned: string[]; analyzed: string[]; failed: string[] }> {
  const before = new Date(now.getTime() - idleMs).toISOString();
  const abandoned: string[] = [];
  for (;;) {
    const idle = await deps.idleSessions.listIdle(before, batch);
    for (const s of idle) {
      await deps.sessions.update(s.id, { status: "abandoned", endedAt: s.lastActivityAt });
      abandoned.push(s.id);
    }
    if (idle.length < batch) break;
  }
  const analyzed: string[] = [];
  const failed: string[] = [];
  for (const id of abandoned) {
    try {
      await analyzeSession(deps, id);
      analyzed.push(id);
    } catch (err) {
      failed.push(id);
      deps.log({
        level: "error",
        msg: "analysis of a swept session failed",
        sessionId: id,
        error: String(err),
      });
    }
  }
  if (abandoned.length > 0) {
    deps.log({
      level: "info",
      msg: "swept idle sessions",
      count: abandoned.length,
      analyzed: analyzed.length,
    });
  }
  return { abandoned, analyzed, failed };
}
