import type { Batch } from "./batcher";
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
const PENDING_KEY = "frictionmap:pending";
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
  storage.removeItem(PENDING_KEY);
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

/** Recording batches not yet acknowledged. */
export const storagePending = (storage: Storage): PendingStore<Batch> =>
  storageQueue<Batch>(storage, PENDING_KEY);

/** The task panel's writes not yet acknowledged. */
export const storageOutbox = (storage: Storage): PendingStore<OutboxItem> =>
  storageQueue<OutboxItem>(storage, OUTBOX_KEY);
