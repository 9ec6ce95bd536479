/**
 * rrweb wired for a study: what it records and masks (the study's privacy settings), what
 * it samples, when it takes a full snapshot, and the preparation of each event (own-UI
 * filter, privacy scrubbing) that the batcher runs when it seals a batch, off the hot path.
 */

import type { RecordingPrivacy } from "@frictionmap/protocol";
import { record } from "@rrweb/record";
import type { Emit } from "./capture";
import { type NodeCounts, ownUiFilter } from "./own-ui-filter";
import { PANEL_MARK } from "./panel-view";
import { scrubEvent, type TypedValues, textMasking } from "./privacy";

/**
 * Full snapshots only when a replay needs one: at page load (rrweb's first), after this long
 * without any event (the participant came back), and when the page was rebuilt: nodes added
 * since the last snapshot at least REBUILT_TIMES its size (a replay started later would apply
 * more than that many pages' worth of changes), never sooner than MIN_SNAPSHOT_GAP_MS apart.
 */
const IDLE_MS = 10 * 60_000;
const REBUILT_TIMES = 4;
const REBUILT_MIN_NODES = 2000;
const MIN_SNAPSHOT_GAP_MS = 2 * 60_000;

type RecordOptions = NonNullable<Parameters<typeof record>[0]>;

/** What rrweb records of the page and what it masks, from the study's settings. */
export function privacyOptions(privacy: RecordingPrivacy, typed: TypedValues): Partial<RecordOptions> {
  // Fields and masked elements hidden, the rest as it is (or hidden too for "mask-all-text").
  const masking = textMasking(privacy, typed);
  return { maskAllInputs: true, maskTextSelector: masking.selector, maskTextFn: masking.fn };
}

/**
 * Sampled to what the analysis and the replay read. The detectors read pointer positions
 * (thrashed cursor: > 4 turns within 1 s, so 20 positions a second), scrolls (a dead click
 * is one with no scroll within 300 ms), mutations and the last value of an input (a click's
 * answer); clicks come from the recorder's own fm:click. Mouse and touch interactions stay
 * whole (the replay shows touches from pointer down/up). The slimDOM options leave out what
 * no replay shows: scripts, comments, head metadata and whitespace, title changes.
 */
export const SAMPLING: RecordOptions["sampling"] = { mousemove: 50, scroll: 150, media: 800, input: "last" };

export interface RrwebRecording {
  /** Adds one of the recorder's own events to the stream (rrweb custom event). */
  emit: Emit;
  /** rrweb's id of a node (-1: not serialized; -2: left out of the snapshot). */
  nodeId(n: Node): number;
  /** Turns a collected event into what may be recorded (undefined: nothing of it). */
  prepare(event: unknown): unknown;
  /** A batch was sealed: earlier typed values are settled, a full snapshot taken if due. */
  sealed(): void;
  /** Takes a full snapshot soon (in idle time), so a replay can start there. */
  snapshotSoon(): void;
  stop(): void;
}

/** Starts rrweb; `onEvent` gets every raw event, in order (it only collects them). */
export function startRrweb(
  privacy: RecordingPrivacy,
  typed: TypedValues,
  ownUi: Element,
  onEvent: (event: unknown) => void,
): RrwebRecording {
  const counts: NodeCounts = { snapshot: 0, added: 0 };
  const withoutOwnUi = ownUiFilter(() => record.mirror.getId(ownUi), counts);
  let stopped = false;
  let lastTs = 0;
  let lastSnapshotTs = 0;
  let cameBack = false;
  let scheduled = false;
  const stopRecord = record({
    emit(event) {
      if (!stopped) onEvent(event); // rrweb's throttled mouse buffer can fire after it was stopped
    },
    ...privacyOptions(privacy, typed),
    blockSelector: `[${PANEL_MARK}]`,
    slimDOMOptions: "all",
    sampling: SAMPLING,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  });
  const snapshotSoon = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    const take = () => {
      scheduled = false;
      if (!stopped) record.takeFullSnapshot(true);
    };
    if (typeof requestIdleCallback === "function") requestIdleCallback(take, { timeout: 2000 });
    else setTimeout(take, 0);
  };
  return {
    emit: (tag, payload) => record.addCustomEvent(tag, payload),
    nodeId: (n) => record.mirror.getId(n),
    prepare(event) {
      try {
        const e = event as { type: number; timestamp: number };
        if (e.type === 2) lastSnapshotTs = e.timestamp;
        else if (lastTs > 0 && e.timestamp - lastTs >= IDLE_MS) cameBack = true;
        lastTs = Math.max(lastTs, e.timestamp);
        const kept = withoutOwnUi(e);
        if (kept) scrubEvent(kept, privacy.keepQueryKeys, typed); // URLs sanitized, typed values out
        return kept;
      } catch {
        return undefined; // the recording goes on without this one event
      }
    },
    sealed() {
      typed.settle();
      const rebuilt = counts.added >= Math.max(REBUILT_MIN_NODES, REBUILT_TIMES * counts.snapshot);
      if ((cameBack || rebuilt) && lastTs - lastSnapshotTs >= MIN_SNAPSHOT_GAP_MS) {
        cameBack = false;
        snapshotSoon();
      }
    },
    snapshotSoon,
    stop() {
      stopRecord?.();
      stopped = true;
    },
  };
}
