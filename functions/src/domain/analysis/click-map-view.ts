import type { Session } from "../session";
import type { Task } from "../study";
import type { ClickMark, MapClick } from "./click-map";
import { standingOf } from "./session-journey";

export const DEVICES = ["phone", "tablet", "desktop"] as const;
export type Device = (typeof DEVICES)[number];

/** Viewport widths of each group, px (a recording without a width counts as a desktop). */
export const DEVICE_WIDTHS: Record<Device, { min: number; max: number | null }> = {
  phone: { min: 0, max: 599 },
  tablet: { min: 600, max: 1023 },
  desktop: { min: 1024, max: null },
};

export const deviceOf = (vw: number | undefined): Device =>
  vw === undefined || vw >= 1024 ? "desktop" : vw >= 600 ? "tablet" : "phone";

export interface MapPoint extends Omit<MapClick, "taskId" | "stepId"> {
  sessionId: string;
  participant: string;
}

export interface ClickMapGroup {
  device: Device;
  minWidth: number;
  maxWidth: number | null;
  /** Participants with clicks in this group. */
  sessions: number;
  /** The recording and moment the page is rebuilt from: the session with the most clicks
   * here, just before its first click on the step. */
  base: { sessionId: string; participant: string; t: number; snap: number; vw?: number; vh?: number };
  clicks: MapPoint[];
  /** Friction clicks by mark. */
  marked: Record<ClickMark, number>;
}

export interface StepClickMap {
  taskId: string;
  stepId: string;
  stepName: string;
  groups: ClickMapGroup[];
}

/** Points drawn per map at most: the rest are counted, not drawn. */
export const MAX_POINTS = 5000;

/**
 * The click map of one journey step from the per-session summaries the worker keeps: the
 * clicks of the sessions the journey map counts, grouped by viewport width. Pure.
 */
export function stepClickMap(
  task: Pick<Task, "id" | "steps">,
  stepId: string,
  sessions: readonly Session[],
  summaries: readonly { sessionId: string; clicks?: MapClick[] }[],
): StepClickMap | undefined {
  const step = task.steps.find((s) => s.id === stepId);
  if (!step) return undefined;
  const byId = new Map(sessions.map((s) => [s.id, s]));
  type Bucket = { points: MapPoint[]; per: Map<string, MapPoint[]> };
  const groups = new Map<Device, Bucket>();
  let drawn = 0;
  for (const summary of summaries) {
    const session = byId.get(summary.sessionId);
    if (!session || standingOf(session.journey) !== "counted") continue;
    for (const c of summary.clicks ?? []) {
      if (c.taskId !== task.id || c.stepId !== stepId || drawn >= MAX_POINTS) continue;
      const { taskId: _t, stepId: _s, ...rest } = c;
      const point: MapPoint = { ...rest, sessionId: session.id, participant: session.participantLabel };
      const device = deviceOf(c.vw);
      const g: Bucket = groups.get(device) ?? { points: [], per: new Map() };
      g.points.push(point);
      g.per.set(session.id, [...(g.per.get(session.id) ?? []), point]);
      groups.set(device, g);
      drawn++;
    }
  }
  const out: ClickMapGroup[] = [];
  for (const device of DEVICES) {
    const g = groups.get(device);
    if (!g) continue;
    const [baseId, baseClicks] = [...g.per].sort(
      (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
    )[0] as [string, MapPoint[]];
    const first = baseClicks.reduce((a, b) => (b.t < a.t ? b : a));
    const marked: Record<ClickMark, number> = { rage: 0, dead: 0, error: 0 };
    for (const p of g.points) for (const m of p.marks ?? []) marked[m]++;
    out.push({
      device,
      minWidth: DEVICE_WIDTHS[device].min,
      maxWidth: DEVICE_WIDTHS[device].max,
      sessions: g.per.size,
      base: {
        sessionId: baseId,
        participant: first.participant,
        t: Math.max(0, first.t - 1),
        snap: first.snap,
        ...(first.vw !== undefined ? { vw: first.vw } : {}),
        ...(first.vh !== undefined ? { vh: first.vh } : {}),
      },
      clicks: g.points.sort((a, b) => a.t - b.t),
      marked,
    });
  }
  return { taskId: task.id, stepId, stepName: step.name, groups: out };
}
