import type { Batch } from "./batcher";
import type { Endpoint, PendingStore } from "./transport";

/** What the recorder keeps per tab (sessionStorage) so recording continues across page loads. */
export interface RecorderState extends Endpoint {
  startedAt: number;
  lastSeq: number;
  panel: PanelState;
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
}

/** Pending batches in sessionStorage; if storage is full they stay in memory only. */
export function storagePending(storage: Storage): PendingStore {
  return {
    load: () => read<Batch[]>(storage, PENDING_KEY) ?? [],
    save(batches) {
      try {
        if (batches.length === 0) storage.removeItem(PENDING_KEY);
        else storage.setItem(PENDING_KEY, JSON.stringify(batches));
      } catch {
        console.warn("[frictionmap] sessionStorage is full: unsent recording is kept in memory only");
      }
    },
  };
}
