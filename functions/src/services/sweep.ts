import type { CoreDeps } from "../ports";
import { analyzeSoon } from "./jobs";

/** How long a session may stay silent before the sweeper calls it abandoned. */
export const DEFAULT_IDLE_MS = 30 * 60_000;

type SweepDeps = Pick<CoreDeps, "sessions" | "idleSessions" | "queue" | "log">;

/**
 * Ends sessions that stopped without completing (tab closed, participant gone): every
 * active session silent for `idleMs` is marked abandoned at its last activity, and its
 * analysis is queued (the worker turns open attempts into abandoned ones). Runs on a timer
 * locally and on a schedule in AWS; the same code path in both. A session whose job could
 * not be queued goes back to the index for the next sweep, and the sweep reports failure.
 */
export async function sweepIdleSessions(
  deps: SweepDeps,
  now: Date,
  idleMs = DEFAULT_IDLE_MS,
  batch = 100,
): Promise<{ abandoned: string[]; queued: string[]; failed: string[] }> {
  const before = new Date(now.getTime() - idleMs).toISOString();
  const abandoned: string[] = [];
  const queued: string[] = [];
  const failed: string[] = [];
  for (;;) {
    const idle = await deps.idleSessions.listIdle(before, batch);
    for (const s of idle) {
      await deps.sessions.update(s.id, { status: "abandoned", endedAt: s.lastActivityAt });
      abandoned.push(s.id);
      try {
        await analyzeSoon(deps, s.id, "sweep");
        queued.push(s.id);
      } catch (err) {
        failed.push(s.id);
        deps.log({
          level: "error",
          msg: "could not queue a swept session",
          sessionId: s.id,
          error: String(err),
        });
        // Back into the sweeper's index, so that the next sweep tries again.
        await deps.sessions
          .update(s.id, { status: "active", lastActivityAt: s.lastActivityAt })
          .catch(() => undefined);
      }
    }
    if (idle.length < batch) break;
  }
  if (abandoned.length > 0) {
    deps.log({ level: "info", msg: "swept idle sessions", count: abandoned.length, queued: queued.length });
  }
  if (failed.length > 0) throw new Error(`${failed.length} swept sessions could not be queued for analysis`);
  return { abandoned, queued, failed };
}
