import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/**
 * Chunks for the ingest bench, cut from the recordings made with the built recorder.js
 * (test/fixtures/scenarios/recorded): every participant's first chunk opens with a page's
 * meta and full snapshot, the rest are the recorded incremental and custom events, 40 at a
 * time, moved to now so they fall inside the session's ingest window.
 */
interface Recorded {
  type: number;
  timestamp: number;
  data?: unknown;
}

const DIR = new URL("../fixtures/scenarios/recorded/", import.meta.url);

function loadRecorded(): { openings: Recorded[][]; incremental: Recorded[] } {
  const openings: Recorded[][] = [];
  const incremental: Recorded[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const { events } = JSON.parse(readFileSync(new URL(file, DIR), "utf8")) as { events: Recorded[] };
    const snapshot = events.findIndex((e) => e.type === 2);
    if (snapshot > 0 && events[snapshot - 1]?.type === 4) {
      openings.push(events.slice(snapshot - 1, snapshot + 1));
    }
    incremental.push(...events.filter((e) => e.type === 3 || e.type === 5));
  }
  if (openings.length === 0 || incremental.length === 0) throw new Error(`no recorded scenarios in ${DIR}`);
  return { openings, incremental };
}

export interface BenchChunk {
  seq: number;
  gz: Buffer;
  events: number;
}

/** `count` gzip chunks of about `perChunk` recorded events for participant `p`, timed from `t0`. */
export function participantChunks(p: number, count: number, perChunk = 40, t0 = Date.now()): BenchChunk[] {
  const { openings, incremental } = recorded();
  const out: BenchChunk[] = [];
  let cursor = (p * 977) % incremental.length;
  let t = t0;
  for (let seq = 0; seq < count; seq++) {
    const events: Recorded[] = [];
    if (seq === 0) {
      for (const e of openings[p % openings.length] ?? []) events.push({ ...e, timestamp: t });
    }
    while (events.length < perChunk) {
      const e = incremental[cursor++ % incremental.length] as Recorded;
      t += 25;
      events.push({ ...e, timestamp: t });
    }
    out.push({ seq, gz: gzipSync(JSON.stringify(events)), events: events.length });
  }
  return out;
}

let cache: ReturnType<typeof loadRecorded> | undefined;
const recorded = () => {
  cache ??= loadRecorded();
  return cache;
};
