/**
 * recorder.js: the snippet a site under test includes. Inert for ordinary visitors: it
 * makes no request and records nothing unless an invite handed it a session (in the URL
 * fragment once, then in sessionStorage for the rest of the visit).
 */
import { startEarlyCapture } from "./early-capture";
import { startRecording } from "./recorder";
import { loadState, takeHandoff } from "./session-state";

declare global {
  interface Window {
    frictionmap?: { track(name: string): void; version: string };
    /** Set by the end-to-end tests only: receives every event the recorder emits. */
    frictionmapDebug?: (event: unknown) => void;
  }
}

let track: (name: string) => void = () => {};
window.frictionmap = { track: (name: string) => track(name), version: "1" };

/** The session handed to this page, if any: read at once, so capture starts with the script. */
function session() {
  let handoff: ReturnType<typeof takeHandoff>;
  try {
    handoff = takeHandoff(location, history);
  } catch {
    handoff = undefined;
  }
  let saved: ReturnType<typeof loadState>;
  try {
    saved = loadState(sessionStorage);
  } catch {
    saved = undefined; // storage blocked: nothing to continue
  }
  return handoff && handoff.sessionId !== saved?.sessionId
    ? { ...handoff, startedAt: Date.now(), panel: { taskIndex: 0, phase: "intro" as const } }
    : saved;
}

const state = session();
if (state) {
  // Errors and navigations from now on are kept, even before rrweb can start (DOMContentLoaded).
  const early = startEarlyCapture(state.token);
  const main = () =>
    void startRecording(state, early, (fn) => {
      track = fn;
    }).catch((err) => {
      early.stop();
      console.warn("[frictionmap] recorder failed", err);
    });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main, { once: true });
  else main();
}
