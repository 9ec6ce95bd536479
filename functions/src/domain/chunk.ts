import { AppError } from "./errors";
import type { Issue } from "./validation";

/** Caps on one uploaded recording chunk. */
export const CHUNK_LIMITS = {
  compressedBytes: 1024 * 1024,
  decompressedBytes: 8 * 1024 * 1024,
  events: 20_000,
  maxSeq: 99_999_999,
  /**
   * JSON nesting, counted over arrays and objects. An rrweb snapshot nests two levels per
   * DOM level (node → childNodes), so 512 holds pages about 250 elements deep, far beyond
   * real pages, while every recursive reader (JSON.stringify, tree walks, the replay)
   * stays far from the stack's limit of a few thousand levels.
   */
  maxDepth: 512,
};

/** rrweb event types: DomContentLoaded 0 … Plugin 6. */
const EVENT_TYPES = { min: 0, max: 6 };

/** How far event times may lie outside the session: clocks drift, tabs sleep. */
export const CLOCK_SLACK_MS = 60 * 60 * 1000;

/** The times a session's events may carry, epoch ms, both ends included. */
export interface EventWindow {
  fromMs: number;
  toMs: number;
}

/** A chunk's window at ingest: from consent − 1 h to now + 1 h. */
export function ingestWindow(consentAcceptedAt: string, now: Date): EventWindow {
  const consent = Date.parse(consentAcceptedAt);
  return {
    fromMs: (Number.isFinite(consent) ? consent : now.getTime()) - CLOCK_SLACK_MS,
    toMs: now.getTime() + CLOCK_SLACK_MS,
  };
}

export interface ChunkSummary {
  eventCount: number;
  firstTs: number;
  lastTs: number;
}

export interface ChunkProblem {
  status: 400 | 413;
  code: string;
  message: string;
  details?: Issue[];
}

export type ChunkVerdict =
  | { ok: true; events: unknown[]; summary: ChunkSummary }
  | { ok: false; problem: ChunkProblem };

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one scan of the
 * text (strings skipped), before anything parses or walks it.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** What is wrong with one event, or undefined for an rrweb event inside the window. */
export function eventProblem(e: unknown, window: EventWindow): string | undefined {
  if (typeof e !== "object" || e === null || Array.isArray(e)) return "not an event object";
  const { type, timestamp } = e as { type?: unknown; timestamp?: unknown };
  if (!Number.isInteger(type) || (type as number) < EVENT_TYPES.min || (type as number) > EVENT_TYPES.max) {
    return "type must be a whole number from 0 to 6 (an rrweb event type)";
  }
  if (!Number.isSafeInteger(timestamp)) return "timestamp must be whole milliseconds since 1970";
  const t = timestamp as number;
  if (t < window.fromMs || t > window.toMs)
    return "timestamp lies outside the session (consent − 1 h to now + 1 h)";
  return undefined;
}

const MAX_DETAILS = 5;

/** JSON text parsed, when it is a not too deeply nested JSON array. */
function parseArray(text: string): { events: unknown[] } | { problem: ChunkProblem } {
  if (nestsDeeperThan(text, CHUNK_LIMITS.maxDepth)) {
    return {
      problem: {
        status: 400,
        code: "chunk_too_deep",
        message: `A chunk may nest arrays and objects at most ${CHUNK_LIMITS.maxDepth} deep.`,
      },
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: { status: 400, code: "malformed_chunk", message: "The chunk is not valid JSON." } };
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    const message = "A chunk must be a non-empty JSON array of events.";
    return { problem: { status: 400, code: "malformed_chunk", message } };
  }
  return { events: parsed };
}

/**
 * The ingest rule for one decompressed chunk: a non-empty JSON array, nested at most
 * `maxDepth`, of at most `events` rrweb events, each an object with an integer `type`
 * (0–6) and an integer `timestamp` inside `window`. Pure; untrusted input never throws.
 */
export function checkChunk(text: string, window: EventWindow): ChunkVerdict {
  const parsed = parseArray(text);
  if ("problem" in parsed) return { ok: false, problem: parsed.problem };
  const { events } = parsed;
  if (events.length > CHUNK_LIMITS.events) {
    const message = `A chunk may hold at most ${CHUNK_LIMITS.events} events.`;
    return { ok: false, problem: { status: 413, code: "chunk_too_large", message } };
  }
  const details: Issue[] = [];
  let outOfWindow = true;
  let firstTs = Number.POSITIVE_INFINITY;
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const [i, e] of events.entries()) {
    const problem = eventProblem(e, window);
    if (problem) {
      if (!problem.startsWith("timestamp lies")) outOfWindow = false;
      if (details.length < MAX_DETAILS) details.push({ path: `[${i}]`, message: problem });
      continue;
    }
    const t = (e as { timestamp: number }).timestamp;
    if (t < firstTs) firstTs = t;
    if (t > lastTs) lastTs = t;
  }
  if (details.length > 0) {
    const problem: ChunkProblem = outOfWindow
      ? {
          status: 400,
          code: "event_time_out_of_range",
          message: "Event times lie outside the session.",
          details,
        }
      : {
          status: 400,
          code: "malformed_event",
          message: "Every event needs a whole-number type (0–6) and timestamp.",
          details,
        };
    return { ok: false, problem };
  }
  return { ok: true, events, summary: { eventCount: events.length, firstTs, lastTs } };
}

/** `checkChunk` for ingest: the events and summary, or the 4xx that refuses the chunk. */
export function parseChunk(text: string, window: EventWindow): { events: unknown[]; summary: ChunkSummary } {
  const verdict = checkChunk(text, window);
  if (!verdict.ok) {
    const { status, code, message, details } = verdict.problem;
    throw new AppError(status, code, message, details);
  }
  return verdict;
}

/**
 * The readable part of a stored chunk, for replay and analysis: events that break the
 * ingest rule (stored before it, or by hand) are left out, never passed on. A chunk that
 * is not a readable JSON array yields no events and says why.
 */
export function readableEvents(
  text: string,
  window: EventWindow,
): { events: unknown[]; dropped: number; unreadable?: string } {
  const parsed = parseArray(text);
  if ("problem" in parsed) return { events: [], dropped: 0, unreadable: parsed.problem.code };
  const events = parsed.events.filter((e) => eventProblem(e, window) === undefined);
  return { events, dropped: parsed.events.length - events.length };
}
