import { useEffect, useRef } from "preact/hooks";

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

/** The replay's keyboard shortcuts, with what each does, for the help line and the README. */
export const SHORTCUTS: [string, string][] = [
  ["Space", "play / pause"],
  ["← / →", "back / forward 5 s"],
  ["j / k", "next / previous moment"],
  ["t", "tag the current moment (or the marked range)"],
  ["r", "mark a range: press at its start, then at its end"],
  ["a", "turn the selected signal into an annotation"],
  ["c", "make a clip from the playhead (4 s before to 6 s after)"],
  ["Esc", "close the form, clear the range"],
];

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) return true;
  if (tag === "INPUT") return !["checkbox", "radio", "range"].includes((el as HTMLInputElement).type);
  return false;
}

/**
 * Window-wide keys for the replay; they stay out of the way while typing in a field. The map
 * may change every render: the listener reads the newest one.
 */
export function useShortcuts(map: ShortcutMap): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key !== "Escape" && typingIn(e.target)) return;
      const key = e.key === " " ? "Space" : e.key;
      const fn = current.current[key];
      if (!fn) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
