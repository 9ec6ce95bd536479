/**
 * rrweb wired for a study: what it records and masks (the study's privacy settings), and the
 * own-UI filter between rrweb and the batcher, so the panel is never in the stream.
 */

import type { RecordingPrivacy } from "@frictionmap/protocol";
import { record } from "@rrweb/record";
import { type Emit, guard } from "./capture";
import { ownUiFilter } from "./own-ui-filter";
import { PANEL_MARK } from "./panel-view";
import { scrubEvent, type TypedValues, textMasker } from "./privacy";

/** A full snapshot every minute, so a replay can start anywhere without the whole stream. */
const FULL_SNAPSHOT_EVERY_MS = 60_000;

type RecordOptions = NonNullable<Parameters<typeof record>[0]>;

/** What rrweb records of the page and what it masks, from the study's settings. */
export function privacyOptions(privacy: RecordingPrivacy, typed: TypedValues): Partial<RecordOptions> {
  return {
    maskAllInputs: true,
    // Every text node goes through the study's masker: fields and masked elements hidden,
    // the rest as it is (or hidden too for "mask-all-text"), typed values scrubbed.
    maskTextSelector: "*",
    maskTextFn: textMasker(privacy, typed),
  };
}

export interface RrwebRecording {
  /** Adds one of the recorder's own events to the stream (rrweb custom event). */
  emit: Emit;
  /** rrweb's id of a node (-1: not serialized; -2: left out of the snapshot). */
  nodeId(n: Node): number;
  stop(): void;
}

/** Starts rrweb; `onEvent` gets every event that may be recorded, `ownUi` taken out. */
export function startRrweb(
  privacy: RecordingPrivacy,
  typed: TypedValues,
  ownUi: Element,
  onEvent: (event: unknown) => void,
): RrwebRecording {
  const withoutOwnUi = ownUiFilter(() => record.mirror.getId(ownUi));
  let stopped = false;
  const stopRecord = record({
    emit(event) {
      if (stopped) return; // rrweb's throttled mouse buffer can fire after it was stopped
      guard(() => {
        const kept = withoutOwnUi(event);
        if (!kept) return;
        scrubEvent(kept, privacy.keepQueryKeys, typed); // URLs sanitized, typed values out
        onEvent(kept);
      });
    },
    ...privacyOptions(privacy, typed),
    blockSelector: `[${PANEL_MARK}]`,
    checkoutEveryNms: FULL_SNAPSHOT_EVERY_MS,
    sampling: { mousemove: 50, scroll: 150, input: "last" },
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
  });
  return {
    emit: (tag, payload) => record.addCustomEvent(tag, payload),
    nodeId: (n) => record.mirror.getId(n),
    stop() {
      stopRecord?.();
      stopped = true;
    },
  };
}
