import { useMemo } from "preact/hooks";
import type { SessionDetail, Study } from "../api/types";
import { humanize, OUTCOME_LABELS } from "../components/format";
import { moments } from "./moments";
import { segments, taskSpans } from "./timeline-math";

/** What the replay draws of a session: step segments, task bands and the moments, in words. */
export function useSessionStory(session: SessionDetail | null, study: Study | undefined, durationMs: number) {
  const segs = useMemo(
    () => segments(session?.stepVisits ?? [], study, durationMs),
    [session, study, durationMs],
  );
  const tasks = useMemo(
    () => taskSpans(session?.attempts ?? [], segs, durationMs),
    [session, segs, durationMs],
  );
  const list = useMemo(
    () =>
      session
        ? moments(session, durationMs, {
            label: humanize,
            outcome: (o) => OUTCOME_LABELS[o] ?? humanize(o),
            taskTitle: (taskId) => study?.tasks.find((t) => t.id === taskId)?.title,
          })
        : [],
    [session, study, durationMs],
  );
  return { segs, tasks, list };
}

/** The recording's length: from its first to its last stored event. */
export function recordingLength(session: SessionDetail | null): number {
  if (!session) return 0;
  const { firstTs, lastTs } = session.recording;
  return firstTs != null && lastTs != null ? lastTs - firstTs : session.durationMs;
}
