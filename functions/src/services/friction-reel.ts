import { createClip } from "../domain/clip";
import { invalid } from "../domain/errors";
import { type FrictionQuery, frictionClips, type SessionMoments } from "../domain/friction-reel";
import { createReel } from "../domain/reel";
import { latestRetention, retainedUntil } from "../domain/retention";
import { viewSession } from "../domain/session";
import { findStep, type Study } from "../domain/study";
import type { Deps } from "../ports";
import { clipSessionOf } from "./clips";

/** Sessions a reel of a problem is drawn from, at most. */
export const FRICTION_REEL_MAX = 50;

/**
 * A reel of one problem: one clip per session that met it (around its first moment), made
 * and stored, then the reel over them, in the order the sessions started.
 */
export async function makeFrictionReel(
  deps: Pick<Deps, "sessions" | "analyses" | "annotations" | "clips" | "reels" | "now">,
  study: Study,
  q: FrictionQuery,
  author: string,
) {
  const task = study.tasks.find((t) => t.id === q.taskId);
  if (!task)
    throw invalid("No such task in this study.", [
      { path: "taskId", message: "is not a task of this study" },
    ]);
  const step = q.stepId ? findStep(study, q.stepId) : undefined;
  if (q.stepId && step?.task.id !== task.id) {
    throw invalid("No such step in this task.", [
      { path: "stepId", message: "is not a journey step of that task" },
    ]);
  }
  // Three indexed queries whatever the study's size, never a read per session: the session
  // records, the summaries the worker keeps (signals, step visits) and the annotations.
  const [records, summaries, annotations] = await Promise.all([
    deps.sessions.allByStudy(study.id),
    deps.analyses.listSummaries(study.id),
    deps.annotations.listByStudy(study.id),
  ]);
  const bySession = new Map(summaries.map((s) => [s.sessionId, s]));
  const details = records
    .map((session) => ({ session, summary: bySession.get(session.id) }))
    .sort((a, b) => a.session.startedAt.localeCompare(b.session.startedAt));
  const sessions: SessionMoments[] = details.map((d) => ({
    id: d.session.id,
    durationMs: viewSession(d.session).durationMs,
    signals: d.summary?.signals ?? [],
    annotations: annotations.filter((a) => a.sessionId === d.session.id),
  }));
  const picks = frictionClips(sessions, q, step?.step.name).slice(0, FRICTION_REEL_MAX);
  if (picks.length === 0)
    throw invalid("Nothing recorded matches this problem yet, so there is nothing to clip.");
  const now = deps.now();
  const clipIds: string[] = [];
  const ends: (string | undefined)[] = [];
  for (const pick of picks) {
    const d = details.find((x) => x.session.id === pick.sessionId);
    if (!d) continue;
    const made = createClip(pick.input, author, {
      session: clipSessionOf(d.session),
      visits: d.summary?.visits ?? [],
      now,
    });
    if (!made.ok) continue;
    await deps.clips.put(made.clip);
    clipIds.push(made.clip.id);
    ends.push(made.clip.retainUntil);
  }
  const what = q.kind ? q.kind.replace(/_/g, " ") : "Friction";
  const title = q.title ?? `${what[0]?.toUpperCase()}${what.slice(1)}${step ? ` at ${step.step.name}` : ""}`;
  const reel = retainedUntil(createReel({ title, clipIds }, study.id, author, now), latestRetention(ends));
  await deps.reels.put(reel);
  return reel;
}
