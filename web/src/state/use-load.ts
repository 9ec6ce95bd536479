import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Load<T> =
  | { status: "loading"; data?: T }
  | { status: "error"; error: Error; data?: T }
  | { status: "ready"; data: T };

/** Runs `fn` when `deps` change; keeps the last data while reloading; ignores stale answers. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Load<T> & { reload(): void } {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const mine = ++run.current;
    setState((s) => ({ status: "loading", ...(s.data !== undefined ? { data: s.data } : {}) }));
    fn().then(
      (data) => mine === run.current && setState({ status: "ready", data }),
      (error: Error) =>
        mine === run.current &&
        setState((s) => ({ status: "error", error, ...(s.data !== undefined ? { data: s.data } : {}) })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
