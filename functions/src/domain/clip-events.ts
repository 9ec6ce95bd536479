/**
 * The events a clip needs, and no more: from the last full snapshot at or before the clip's
 * start (with the meta event that precedes it, which gives the viewport) up to its end.
 * Pure: the share page's data and tests use the same function.
 */

import type { ClipSlice } from "@frictionmap/protocol";

const META = 4;
const FULL_SNAPSHOT = 2;

type Timed = { type: number; timestamp: number };

const isTimed = (e: unknown): e is Timed =>
  typeof e === "object" &&
  e !== null &&
  typeof (e as Timed).type === "number" &&
  typeof (e as Timed).timestamp === "number";

/** Index of the full snapshot to start from: the last one at or before `absStart`, else the first. */
function snapshotIndex(events: readonly Timed[], absStart: number): number {
  let found = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Timed;
    if (e.type !== FULL_SNAPSHOT) continue;
    if (e.timestamp <= absStart || found === -1) found = i;
    if (e.timestamp > absStart) break;
  }
  return found;
}

/** True when the events hold a full snapshot at or before `absStart`. */
export function hasSnapshotBefore(events: readonly unknown[], absStart: number): boolean {
  return events.some((e) => isTimed(e) && e.type === FULL_SNAPSHOT && e.timestamp <= absStart);
}

/** The slice of a recording (events in any order) that plays the range [absStart, absEnd]. */
export function sliceForClip(raw: readonly unknown[], absStart: number, absEnd: number): ClipSlice {
  const events = raw.filter(isTimed).sort((a, b) => a.timestamp - b.timestamp);
  const snap = snapshotIndex(events, absStart);
  if (snap === -1) return { events: [], startOffset: 0, endOffset: 0 };
  const prev = events[snap - 1];
  const from = prev && prev.type === META ? snap - 1 : snap;
  const out: Timed[] = [];
  for (let i = from; i < events.length; i++) {
    const e = events[i] as Timed;
    if (e.timestamp > absEnd) break;
    out.push(e);
  }
  const first = (out[0] as Timed).timestamp;
  return {
    events: out,
    startOffset: Math.max(0, absStart - first),
    endOffset: Math.max(0, absEnd - first),
  };
}

/** Which stored chunks (in sequence order, with their time span) can hold the clip's events. */
export function chunksUpTo<T extends { firstTs: number }>(refs: readonly T[], absEnd: number): T[] {
  return refs.filter((r) => r.firstTs <= absEnd);
}

/** The index of the chunk to start reading at: the last that began at or before `absStart`. */
export function startChunkIndex(refs: readonly { firstTs: number }[], absStart: number): number {
  let k = 0;
  refs.forEach((r, i) => {
    if (r.firstTs <= absStart) k = i;
  });
  return k;
}
