import type { Chunk, ChunkStore } from "./chunk-queue";
import type { PanelState } from "./panel-state";
import type { OutboxItem, ParticipantConfig } from "./participant-api";
import type { Endpoint, PendingStore } from "./transport";

/** What the recorder keeps per tab (sessionStorage) so recording continues across page loads.
 * Written when it changes (the panel's state, the study on the first page), not per chunk. */
export interface RecorderState extends Endpoint {
  startedAt: number;
  /** Only in states written by an older recorder.js; the sequence now has its own key. */
  lastSeq?: number;
  panel: PanelState;
  /** The study as the API gave it on the first page. */
  config?: ParticipantConfig;
}

const STATE_KEY = "frictionmap:state";
/** One key per pending recording chunk: `frictionmap:pending:<seq>`. */
export const PENDING_PREFIX = "frictionmap:pending:";
const OUTBOX_KEY = "frictionmap:outbox";
const SEQ_KEY = "frictionmap:seq";

/** Reads `#fm=<handoff>` from the URL and removes it, keeping the rest of the URL. */
export function takeHandoff(loc: Location, history: History): Endpoint | undefined {
  const match = /(?:^#|&)fm=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (!match?.[1]) return undefined;
  const rest = loc.hash.replace(/(^#|&)fm=[A-Za-z0-9_-]+/, "$1").replace(/^#&?$/, "");
  history.replaceState(history.state, "", `${loc.pathname}${loc.search}${rest === "#" ? "" : rest}`);
  try {
    const padded = match[1].replace(/-/g, "+").replace(/_/g, "/");
    const parsed = JSON.parse(atob(padded)) as { s?: unknown; k?: unknown; a?: unknown };
    if (typeof parsed.s !== "string" || typeof parsed.k !== "string" || typeof parsed.a !== "string")
      return undefined;
    if (!/^https?:\/\//.test(parsed.a)) return undefined;
    return { sessionId: parsed.s, token: parsed.k, api: parsed.a.replace(/\/+$/, "") };
  } catch {
    return undefined;
  }
}

function read<T>(storage: Storage, key: string): T | undefined {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function loadState(storage: Storage): RecorderState | undefined {
  return read<RecorderState>(storage, STATE_KEY);
}

export function saveState(storage: Storage, state: RecorderState): void {
  try {
    storage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    /* storage full or blocked: the state lives on in memory for this page */
  }
}

export function clearState(storage: Storage): void {
  storage.removeItem(STATE_KEY);
  for (const key of pendingKeys(storage)) storage.removeItem(key);
  storage.removeItem(OUTBOX_KEY);
  storage.removeItem(SEQ_KEY);
}

/** The last chunk sequence number handed out in this session (across page loads). */
export interface SeqStore {
  load(): number;
  save(seq: number): void;
}

/** The sequence in a key of its own: one number written per sealed chunk, not the whole state. */
export function storageSeq(storage: Storage, state: RecorderState): SeqStore {
  const stored = read<{ s?: unknown; seq?: unknown }>(storage, SEQ_KEY);
  const kept = stored?.s === state.sessionId && typeof stored.seq === "number" ? stored.seq : -1;
  let last = Math.max(kept, state.lastSeq ?? -1);
  return {
    load: () => last,
    save(seq) {
      last = seq;
      try {
        storage.setItem(SEQ_KEY, JSON.stringify({ s: state.sessionId, seq }));
      } catch {
        /* storage full: the sequence still grows with the clock */
      }
    },
  };
}

/** A queue kept in sessionStorage; if storage is full it stays in memory only. */
function storageQueue<T>(storage: Storage, key: string): PendingStore<T> {
  return {
    load: () => read<T[]>(storage, key) ?? [],
    save(items) {
      try {
        if (items.length === 0) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(items));
      } catch {
        console.warn("[frictionmap] sessionStorage is full: unsent data is kept in memory only");
      }
    },
  };
}

function pendingKeys(storage: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PENDING_PREFIX)) keys.push(key);
  }
  return keys;
}

/** Bytes as a string of one char per byte (no base64 growth; sessionStorage holds strings). */
function bytesToText(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x2000)
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  return out;
}

function textToBytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Recording chunks not yet acknowledged, each in a key of its own, written once (gzip when
 * the browser compressed it, JSON when the page went away first): `<count>:g:<bytes>` or
 * `<count>:j:<json>`. Never the whole queue at once.
 */
export function storagePending(storage: Storage): ChunkStore {
  return {
    load() {
      const chunks: Chunk[] = [];
      for (const key of pendingKeys(storage)) {
        const text = storage.getItem(key);
        const m = text ? /^(\d+):([gj]):/.exec(text) : null;
        const seq = Number(key.slice(PENDING_PREFIX.length));
        if (!text || !m || !Number.isSafeInteger(seq)) continue;
        const body = text.slice(m[0].length);
        const count = Number(m[1]);
        chunks.push(
          m[2] === "g"
            ? { seq, count, gz: textToBytes(body), stored: true }
            : { seq, count, json: body, stored: true },
        );
      }
      return chunks.sort((a, b) => a.seq - b.seq);
    },
    put(chunk) {
      const body = chunk.gz ? `g:${bytesToText(chunk.gz)}` : `j:${chunk.json ?? "[]"}`;
      try {
        storage.setItem(`${PENDING_PREFIX}${chunk.seq}`, `${chunk.count}:${body}`);
        return true;
      } catch {
        return false; // storage full: the caller makes room or keeps it in memory
      }
    },
    remove(seq) {
      storage.removeItem(`${PENDING_PREFIX}${seq}`);
    },
  };
}

/** The task panel's writes not yet acknowledged. */
export const storageOutbox = (storage: Storage): PendingStore<OutboxItem> =>
  storageQueue<OutboxItem>(storage, OUTBOX_KEY);
