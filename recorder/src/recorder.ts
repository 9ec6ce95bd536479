import { compileUrlPattern, FM_TAG } from "@frictionmap/protocol";
import { record } from "@rrweb/record";
import { Batcher, sequencer } from "./batcher";
import { type Emit, guard, safeClosest } from "./capture";
import type { EarlyCapture } from "./early-capture";
import { type ParticipantConfig, participantApi } from "./participant-api";
import { scrubEvent, textMasker } from "./privacy";
import { clearState, type RecorderState, saveState, storageOutbox, storagePending } from "./session-state";
import { TaskPanel } from "./task-panel";
import { Transport } from "./transport";

const FLUSH_EVERY_MS = 5000;
const MAX_BATCH_BYTES = 256 * 1024;
const FULL_SNAPSHOT_EVERY_MS = 60_000;

/** Records one participant's session on this page; state carries over to the next page. */
export async function startRecording(
  state: RecorderState,
  capture: EarlyCapture,
  setTrack: (fn: (name: string) => void) => void,
) {
  const storage = sessionStorage;
  const save = () => saveState(storage, state);
  save();
  const gone = () => stopAll("the session was closed");
  const api = participantApi(state, storageOutbox(storage), gone);
  const transport = new Transport(state, storagePending(storage), gone);
  void transport.pump(); // batches a previous page left unsent

  // The study is fetched on the first page only; later pages start recording at once, even
  // while the API is unreachable.
  let config: ParticipantConfig | undefined = state.config;
  if (!config) {
    try {
      config = await api.config();
    } catch (err) {
      console.warn("[frictionmap] could not load the study; not recording", err);
      const status = (err as { status?: number }).status;
      if (status === 401 || status === 404) clearState(storage);
      capture.stop();
      return;
    }
    if (config.session.status !== "active") {
      clearState(storage);
      capture.stop();
      return;
    }
    state.config = config;
    save();
  }
  if (state.panel.phase === "done") {
    capture.stop();
    return;
  }
  const study = config.study;
  const { tasks } = study;
  // A config kept from before studies had privacy settings: the text stays hidden, as agreed.
  const privacy = study.privacy ?? {
    mode: "mask-all-text",
    maskSelectors: [],
    unmaskSelectors: (study as { textAllowlist?: string[] }).textAllowlist ?? [],
    keepQueryKeys: [],
  };
  capture.configure(privacy);
  const { typed } = capture.ctx;

  const batcher = new Batcher(
    MAX_BATCH_BYTES,
    sequencer(
      state.startedAt,
      () => state.lastSeq,
      (seq) => {
        state.lastSeq = seq;
        save();
      },
    ),
  );
  let ended = false;
  const flush = () => {
    const batch = batcher.seal();
    if (batch) transport.enqueue(batch);
  };
  const stopRrweb = record({
    emit(event) {
      if (ended) return; // rrweb's throttled mouse buffer can fire after it was stopped
      guard(() => {
        scrubEvent(event, privacy.keepQueryKeys, typed);
        window.frictionmapDebug?.(event);
        const full = batcher.add(event);
        if (full) transport.enqueue(full);
      });
    },
    maskAllInputs: true,
    // Every text node goes through the study's masker: fields and masked elements hidden,
    // the rest as it is (or hidden too for "mask-all-text"), typed values scrubbed.
    maskTextSelector: "*",
    maskTextFn: textMasker(privacy, typed),
    blockSelector: "[data-fm-panel]",
    checkoutEveryNms: FULL_SNAPSHOT_EVERY_MS,
    sampling: { mousemove: 50, scroll: 150, input: "last" },
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  });
  const emit: Emit = (tag, payload) => record.addCustomEvent(tag, payload);

  const panel = new TaskPanel((action, data) => void onAction(action, data));
  let reporting = false;
  let notice: string | undefined;
  const task = () => tasks[state.panel.taskIndex];
  const secondsLeft = () => {
    const limit = task()?.timeLimitSec;
    if (!limit || state.panel.phase !== "running" || !state.panel.taskStartedAt) return undefined;
    return Math.max(0, Math.ceil(limit - (Date.now() - state.panel.taskStartedAt) / 1000));
  };
  const render = () =>
    panel.render({
      state: state.panel,
      tasks,
      susItems: study.susItems ?? [],
      secondsLeft: secondsLeft(),
      reporting,
      notice,
    });

  async function endTask(outcome: "success" | "gave_up" | "timed_out", claimedDone?: boolean) {
    if (state.panel.phase !== "running") return;
    const current = task();
    state.panel = { ...state.panel, phase: "post", succeeded: outcome === "success" };
    save();
    emit(FM_TAG.task, {
      action: "end",
      taskId: current?.id ?? "",
      taskIndex: state.panel.taskIndex,
      outcome,
    });
    render();
    await api.attempt(state.panel.taskIndex, {
      event: "end",
      outcome,
      ...(claimedDone ? { claimedDone } : {}),
    });
  }

  /** Success rules of the running task, checked on every navigation, click and custom event. */
  const check = (kind: "url" | "click" | "event", value: string | Element) => {
    const rule = task()?.success;
    if (state.panel.phase !== "running" || !rule || rule.type !== kind) return;
    const hit =
      (rule.type === "url" && compileUrlPattern(rule.pattern)(value as string)) ||
      (rule.type === "event" && rule.name === value) ||
      (rule.type === "click" && value instanceof Element && safeClosest(value, rule.selector) !== null);
    if (hit) void endTask("success");
  };

  const isOwnUi = (e: Event) => e.composedPath().includes(panel.host);
  capture.ctx.isOwnUi = isOwnUi;
  capture.ctx.onNavigate = (href) => check("url", href);
  capture.goLive(emit);
  const onClick = (e: MouseEvent) => {
    if (!isOwnUi(e) && e.target instanceof Element) check("click", e.target);
  };
  document.addEventListener("click", onClick, true);
  setTrack((name) => {
    emit(FM_TAG.track, { name: String(name).slice(0, 100) });
    check("event", String(name));
  });

  async function onAction(action: string, data: Record<string, string | number>) {
    const index = state.panel.taskIndex;
    const current = task();
    try {
      if (action === "seq" || action === "comment") {
        if (action === "seq") state.panel.seq = Number(data.seq);
        else state.panel.comment = String(data.comment).slice(0, 2000);
        save();
        return;
      }
      if (action === "collapse" || action === "expand") {
        state.panel.collapsed = action === "collapse";
      } else if (action === "start") {
        state.panel = { ...state.panel, phase: "running", taskStartedAt: Date.now(), succeeded: false };
        emit(FM_TAG.task, { action: "start", taskId: current?.id ?? "", taskIndex: index });
        save();
        render();
        await api.attempt(index, { event: "start" });
        check("url", capture.ctx.url(location.href));
        return;
      } else if (action === "done") {
        return endTask("gave_up", true).then(() => undefined);
      } else if (action === "giveup") {
        return endTask("gave_up").then(() => undefined);
      } else if (action === "report") {
        reporting = true;
      } else if (action === "report-cancel") {
        reporting = false;
      } else if (action === "report-send" && data.text) {
        emit(FM_TAG.report, { text: String(data.text).slice(0, 2000) });
        reporting = false;
        notice = "Thanks, your note was added.";
        render();
        await api.report(String(data.text), current?.id);
        return;
      } else if (action === "next") {
        const seq = state.panel.seq;
        const comment = String(data.comment ?? "").trim();
        if (seq !== undefined || comment)
          await api.attempt(index, {
            event: "answer",
            ...(seq ? { seq } : {}),
            ...(comment ? { comment } : {}),
          });
        const next = tasks[index + 1];
        if (next) {
          state.panel = { taskIndex: index + 1, phase: "intro" };
          save();
          flush();
          if (new URL(next.startUrl).href !== location.href) location.assign(next.startUrl);
        } else if (study.sus) {
          state.panel = { ...state.panel, phase: "sus" };
        } else {
          await finish();
          return;
        }
      } else if (action === "sus-submit") {
        await finish(Array.from({ length: 10 }, (_, i) => Number(data[String(i)])));
        return;
      }
      notice = undefined;
      save();
      render();
    } catch (err) {
      notice = "We could not reach the study server; please try again.";
      render();
      console.warn("[frictionmap]", err);
    }
  }

  async function finish(sus?: number[]) {
    state.panel = { ...state.panel, phase: "done" };
    save();
    render();
    flush();
    await api.complete(sus);
    stopAll();
  }

  const timer = setInterval(() => {
    const left = secondsLeft();
    if (left !== undefined) {
      if (left <= 0) void endTask("timed_out");
      else panel.tick(left);
    }
  }, 1000);
  const flushTimer = setInterval(flush, FLUSH_EVERY_MS);
  const onHide = () => {
    flush();
    transport.flushOnHide();
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") onHide();
  };
  window.addEventListener("pagehide", onHide);
  document.addEventListener("visibilitychange", onVisibility);

  function stopAll(reason?: string) {
    if (reason) console.warn(`[frictionmap] recording stopped: ${reason}`);
    clearInterval(timer);
    clearInterval(flushTimer);
    stopRrweb?.();
    capture.stop();
    flush(); // what was emitted since the last seal
    ended = true;
    document.removeEventListener("click", onClick, true);
    window.removeEventListener("pagehide", onHide);
    document.removeEventListener("visibilitychange", onVisibility);
    setTrack(() => {});
    if (state.panel.phase === "done") {
      // Keep the pending queue until the API has it; the state can go.
      void Promise.all([transport.whenDrained(), api.outbox.whenDrained()]).then(() => clearState(storage));
    } else {
      transport.stop();
      api.outbox.stop();
      clearState(storage);
      panel.host.remove();
    }
  }

  render();
  if (state.panel.phase === "running") check("url", capture.ctx.url(location.href));
}
