import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import type { AppSnapshot, AppState } from "./app-state";

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error("useApp outside <AppContext.Provider>");
  return app;
}

export function useApi(): ApiClient {
  return useApp().api;
}

/** The current snapshot, re-rendering when it changes. */
export function useSnapshot(): AppSnapshot {
  const app = useApp();
  const [snap, setSnap] = useState(app.get());
  useEffect(() => {
    setSnap(app.get());
    return app.subscribe(() => setSnap(app.get()));
  }, [app]);
  return snap;
}
