import type { Batch } from "./batcher";
import type { OutboxItem, ParticipantConfig } from "./participant-api";
import type { Endpoint, PendingStore } from "./transport";

/** What the recorder keeps per tab (sessionStorage) so recording continues across page loads. */
export interface RecorderState extends Endpoint {
  startedAt: number;
  lastSeq: number;
  panel: PanelState;
  /** The study as the API gave it on the first page. */
  config?: ParticipantConfig;
}

export type PanelPhase = "intro" | "running" | "post" | "sus" | "done";

export interface PanelState {
  taskIndex: number;
  phase: PanelPhase;
  /** When the running task started (ms since epoch), for the time limit. */
  taskStartedAt?: number;
  /** The success rule of the running task matched. */
  succeeded?: boolean;
  collapsed?: boolean;
  /** Answers being given after a task, kept if the page changes meanwhile. */
  seq?: number;
  comment?: string;
}

const STATE_KEY = "frictionmap:state";
const PENDING_KEY = "frictionmap:pending";
const OUTBOX_KEY = "frictionmap:outbox";

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
