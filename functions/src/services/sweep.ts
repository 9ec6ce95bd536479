import type { Deps } from "../ports";

/** How long a session may stay silent before the sweeper calls it abandoned. */
export const DEFAULT_IDLE_MS = 30 * 60_000;

type SweepDeps = Pick<Deps, "sessions" | "log">;

/**
 * Ends sessions that stopped without completing (tab closed, participant gone): every
 * active session silent for `idleMs` is marked abandoned at its last activity. Runs on a
 * timer locally and on a schedule in AWS; the same code path in both.
 */
export async function sweepIdleSessions(
  deps: SweepDeps,
  now: Date,
  idleMs = DEFAULT_IDLE_MS,
  batch = 100,
): Promise<{ abandoned: string[] }> {
  const before = new Date(now.getTime() - idleMs).toISOString();
  const abandoned: string[] = [];
  for (;;) {
    const idle = await deps.sessions.listIdle(before, batch);
    for (const s of idle) {
      await deps.sessions.update(s.id, { status: "abandoned", endedAt: s.lastActivityAt });
      abandoned.push(s.id);
    }
    if (idle.length < batch) break;
  }
  if (abandoned.length > 0) deps.log({ level: "info", msg: "swept idle sessions", count: abandoned.length });
  return { abandoned };
}
