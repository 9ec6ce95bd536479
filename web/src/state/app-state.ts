import { type ApiClient, createApiClient } from "../api/client";

export const TOKEN_KEY = "frictionmap:token";

export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error";
}

export interface AppSnapshot {
  token: string | null;
  /** Why the reviewer is on the sign-in page, when it was not their choice (expired token…). */
  authMessage: string | null;
  toasts: Toast[];
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface AppStateOptions {
  storage: KeyValueStore;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** How long a toast stays, ms (0 keeps it until dismissed). */
  toastMs?: number;
}

/**
 * The reviewer's app-wide state, made by a factory (one per app, one per test) and handed
 * down through context: the token (kept in sessionStorage), the reason for a forced
 * sign-out, passing messages, and the API client bound to them.
 */
export function createAppState(opts: AppStateOptions) {
  let snapshot: AppSnapshot = {
    token: opts.storage.getItem(TOKEN_KEY),
    authMessage: null,
    toasts: [],
  };
  const listeners = new Set<() => void>();
  let nextToast = 1;

  const set = (changes: Partial<AppSnapshot>) => {
    snapshot = { ...snapshot, ...changes };
    for (const l of listeners) l();
  };

  const signOut = (message: string | null = null) => {
    opts.storage.removeItem(TOKEN_KEY);
    set({ token: null, authMessage: message });
  };

  const api: ApiClient = createApiClient({
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    getToken: () => snapshot.token,
    onUnauthorized: (message) => {
      if (snapshot.token === null) return;
      signOut(`Your sign-in is no longer valid (${message}). Sign in again to continue.`);
    },
  });

  const dismiss = (id: number) => set({ toasts: snapshot.toasts.filter((t) => t.id !== id) });

  return {
    api,
    get: () => snapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn(token: string) {
      const clean = token.trim();
      opts.storage.setItem(TOKEN_KEY, clean);
      set({ token: clean, authMessage: null });
    },
    signOut,
    notify(text: string, kind: Toast["kind"] = "info") {
      const toast = { id: nextToast++, text, kind };
      set({ toasts: [...snapshot.toasts, toast].slice(-4) });
      const ms = opts.toastMs ?? 5000;
      if (ms > 0) setTimeout(() => dismiss(toast.id), ms);
      return toast.id;
    },
    dismiss,
  };
}

export type AppState = ReturnType<typeof createAppState>;
