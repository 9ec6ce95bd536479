/**
 * Records one participant's session on this page, from parts: the study (participant API),
 * rrweb (rrweb-recording), the recorder's own capture (capture), batching and delivery
 * (chunk-pipeline, transport) and the task panel (reducer, effect runner, view). State
 * carries over to the next page load through sessionStorage.
 */

import { FM_TAG } from "@frictionmap/protocol";
import { chunkPipeline } from "./chunk-pipeline";
import { type Dropped, Transport } from "./chunk-queue";
import type { EarlyCapture } from "./early-capture";
import { panelRunner } from "./panel-effects";
import { secondsLeft } from "./panel-reducer";
import { initialUi } from "./panel-state";
import { type ParticipantConfig, participantApi } from "./participant-api";
import { startRrweb } from "./rrweb-recording";
import {
  clearState,
  type RecorderState,
  saveState,
  storageOutbox,
  storagePending,
  storageSeq,
} from "./session-state";
import { type Observation, ruleMatches } from "./success-rule";
import { TaskPanel } from "./task-panel";

/** The study as the API gives it, fetched on the first page only (later pages start at once). */
async function loadStudy(state: RecorderState, api: ReturnType<typeof participantApi>, storage: Storage) {
  if (state.config) return state.config;
  let config: ParticipantConfig;
  try {
    config = await api.config();
  } catch (err) {
    console.warn("[frictionmap] could not load the study; not recording", err);
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 404) clearState(storage);
    return undefined;
  }
  if (config.session.status !== "active") {
    clearState(storage);
    return undefined;
  }
  state.config = config;
  saveState(storage, state);
  return config;
}

/**
 * After the page's first frame: its first layout is done, so rrweb's first snapshot (which
 * measures the blocked panel) does not force it inside the same long task. Hidden tabs draw
 * no frames: then after half a second.
 */
function afterFirstFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 500);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

export async function startRecording(
  state: RecorderState,
  capture: EarlyCapture,
  setTrack: (fn: (name: string) => void) => void,
) {
  const storage = sessionStorage;
  saveState(storage, state);
  // Until the recording runs, a session the API no longer knows only needs letting go of.
  let stopAll = (reason?: string) => {
    if (reason) console.warn(`[frictionmap] recording stopped: ${reason}`);
    transport.stop();
    api.outbox.stop();
    clearState(storage);
  };
  const gone = () => stopAll("the session was closed");
  const api = participantApi(state, storageOutbox(storage), gone);
  // An outage long enough to fill the pending cap: the timeline says what was lost.
  let dropped = (_: Dropped) => {};
  const transport = new Transport(state, storagePending(storage), gone, undefined, (d) => dropped(d));
  void transport.pump(); // batches a previous page left unsent

  const config = await loadStudy(state, api, storage);
  if (!config || state.panel.phase === "done") {
    capture.stop();
    return;
  }
  const { study } = config;
  // A config kept from before studies had privacy settings: the text stays hidden, as agreed.
  const privacy = study.privacy ?? {
    mode: "mask-all-text",
    maskSelectors: [],
    unmaskSelectors: (study as { textAllowlist?: string[] }).textAllowlist ?? [],
    keepQueryKeys: [],
  };
  capture.configure(privacy);
  const sanitized = () => capture.ctx.url(location.href);
  const task = () => study.tasks[runner.model.saved.taskIndex];

  const pipeline = chunkPipeline(
    state.startedAt,
    storageSeq(storage, state),
    transport,
    (event) => rrweb.prepare(event),
    () => rrweb.sealed(),
  );
  // The panel exists before rrweb starts, so the first snapshot already leaves it out.
  const panel = new TaskPanel((action) => runner.dispatch(action));
  await afterFirstFrame();
  const rrweb = startRrweb(privacy, capture.ctx.typed, panel.host, (event) => pipeline.add(event));
  dropped = (d) => {
    rrweb.emit(FM_TAG.dropped, d);
    rrweb.snapshotSoon(); // what follows the gap replays from a snapshot of its own
  };

  const observe = (seen: Observation) => {
    if (runner.model.saved.phase === "running" && ruleMatches(task()?.success, seen))
      runner.dispatch({ type: "rule-matched" });
  };
  const render = () =>
    panel.render({
      model: runner.model,
      tasks: study.tasks,
      susItems: study.susItems ?? [],
      secondsLeft: secondsLeft(runner.model.saved, task()?.timeLimitSec, Date.now()),
    });
  const runner = panelRunner(
    { saved: state.panel, ui: initialUi() },
    { tasks: study.tasks, susCount: study.sus ? (study.susItems ?? []).length : 0 },
    {
      render,
      reveal: (question) => panel.reveal(question),
      persist(saved) {
        state.panel = saved;
        saveState(storage, state);
      },
      emitTask: (payload) => rrweb.emit(FM_TAG.task, payload),
      emitReport: (text) => rrweb.emit(FM_TAG.report, { text }),
      api,
      checkUrl: () => observe({ kind: "url", href: sanitized() }),
      flush: () => pipeline.flush(),
      navigate(url) {
        if (new URL(url).href !== location.href) location.assign(url);
      },
      finish: () => stopAll(),
    },
  );

  // Capture runs since the script started; from now on its events go into the stream.
  capture.ctx.isOwnUi = (e) => panel.contains(e);
  capture.ctx.nodeId = rrweb.nodeId;
  capture.ctx.onNavigate = (href) => observe({ kind: "url", href });
  capture.goLive(rrweb.emit);
  const onClick = (e: MouseEvent) => {
    if (!panel.contains(e) && e.target instanceof Element) observe({ kind: "click", target: e.target });
  };
  document.addEventListener("click", onClick, true);
  setTrack((name) => {
    rrweb.emit(FM_TAG.track, { name: String(name).slice(0, 100) });
    observe({ kind: "event", name: String(name) });
  });

  // The countdown: updated in place (never recorded: the panel is out of the stream).
  const clock = setInterval(() => {
    const left = secondsLeft(runner.model.saved, task()?.timeLimitSec, Date.now());
    if (left === undefined) return;
    if (left <= 0) runner.dispatch({ type: "time-up" });
    else panel.tick(left);
  }, 1000);

  stopAll = (reason?: string) => {
    if (reason) console.warn(`[frictionmap] recording stopped: ${reason}`);
    clearInterval(clock);
    rrweb.stop();
    capture.stop();
    pipeline.stop(); // seals what was emitted since the last seal
    document.removeEventListener("click", onClick, true);
    setTrack(() => {});
    if (runner.model.saved.phase === "done") {
      // Keep the pending queues until the API has them; the state can go then.
      void Promise.all([transport.whenDrained(), api.outbox.whenDrained()]).then(() => clearState(storage));
    } else {
      transport.stop();
      api.outbox.stop();
      clearState(storage);
      panel.remove();
    }
  };

  render();
  if (runner.model.saved.phase === "running") observe({ kind: "url", href: sanitized() });
}
