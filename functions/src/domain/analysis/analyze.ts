import { FM_TAG, pageKey, sanitizeText, sanitizeUrl } from "@frictionmap/protocol";
import type { Signal, StepVisit } from "../session";
import type { Study } from "../study";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../thresholds";
import { clickCollector, type MapClick } from "./click-map";
import { createDetectors } from "./detectors/index";
import { type AttemptTrace, JourneyTracker } from "./journey";
import { placeSignals } from "./place";
import { isOutcome } from "./session-journey";
import type { ClickFact, SignalDraft } from "./types";

/** rrweb event types and incremental sources the analysis reads. */
const EV = { fullSnapshot: 2, incremental: 3, meta: 4, custom: 5 } as const;
const SRC = {
  mutation: 0,
  mouseMove: 1,
  mouseInteraction: 2,
  scroll: 3,
  viewportResize: 4,
  input: 5,
  touchMove: 6,
  drag: 12,
};

const MAX_T = 2 ** 31 - 1;
const EDITABLE_TAGS = new Set(["textarea", "select"]);

export interface RecordingAnalysis {
  /** Timestamp of the first event (epoch ms); every `t` is counted from it. */
  t0: number | undefined;
  durationMs: number;
  eventCount: number;
  visits: StepVisit[];
  attempts: AttemptTrace[];
  signals: Signal[];
  /** Clicks inside journey steps, placed for click maps. */
  clicks: MapClick[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;
/** Untrusted numbers the analysis stores (coordinates, offsets, counts): within ±1e9, so they
 * stay exact and storable; anything beyond is not a real value and is skipped. */
const MAX_NUMBER = 1e9;
/** Untrusted text is cut to this length: signals built from it stay small items. */
const MAX_TEXT = 4096;
const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= MAX_NUMBER ? v : undefined;
const time = (v: unknown): number | undefined => (Number.isSafeInteger(v) ? (v as number) : undefined);
const str = (v: unknown): string | undefined =>
  typeof v === "string" ? (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v) : undefined;

function clickFact(t: number, p: Obj): ClickFact | undefined {
  const selector = str(p.selector);
  const x = num(p.x);
  const y = num(p.y);
  if (selector === undefined || x === undefined || y === undefined) return undefined;
  const tag = (str(p.tag) ?? "").toLowerCase();
  const interactive = p.interactive === true;
  const editable =
    typeof p.editable === "boolean"
      ? p.editable
      : EDITABLE_TAGS.has(tag) || (tag === "input" && !interactive);
  const c: ClickFact = { t, selector, tag, interactive, editable, x, y };
  const text = str(p.text);
  if (text) c.text = text;
  const href = str(p.href);
  if (href) c.href = href;
  if (Array.isArray(p.matches)) c.matches = p.matches.filter((m): m is string => typeof m === "string");
  const clicks = num(p.clicks);
  if (clicks !== undefined && clicks > 1) c.clicks = clicks;
  if (p.selected === true) c.selected = true;
  if (p.elsewhere === true) c.elsewhere = true;
  const node = num(p.node);
  if (node !== undefined) c.node = node;
  const path = str(p.path);
  if (path) c.path = path;
  if (Array.isArray(p.box) && p.box.length === 4) {
    const box = p.box.map(num);
    if (box.every((v) => v !== undefined)) c.box = box as [number, number, number, number];
  }
  const vw = num(p.vw);
  if (vw !== undefined) c.vw = vw;
  const vh = num(p.vh);
  if (vh !== undefined) c.vh = vh;
  return c;
}

export interface RecordingAnalyzer {
  /** The next events of the recording, in order (one stored chunk, say). */
  feed(events: readonly unknown[]): void;
  /** Ends the recording and returns the analysis. */
  finish(): RecordingAnalysis;
}

/**
 * The whole analysis of one recording in a single pass over its events: journey step visits,
 * task attempts and friction signals. Pure; events are
 * untrusted and anything malformed is skipped. Events may be fed chunk by chunk, so only one
 * chunk needs to be in memory at a time.
 */
export function createRecordingAnalyzer(
  study: Pick<Study, "tasks" | "keepQueryKeys">,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): RecordingAnalyzer {
  const drafts: SignalDraft[] = [];
  const d = createDetectors(thresholds, (s) => drafts.push(s));
  const clicks = clickCollector(thresholds.rageClick.maxIntervalMs);
  // Steps entered by a click or custom event (same page) feed the step-level U-turn.
  const journey = new JourneyTracker(study, (t, stepId, ruleType) => {
    if (ruleType !== "url") for (const h of d.step) h.step?.(t, stepId);
  });
  let t0: number | undefined;
  let lastT = 0;
  let page: string | undefined;
  let count = 0;

  // Recorded URLs are sanitized by the recorder; a recording from before that is sanitized
  // here, so journeys, match rules and what a reviewer reads see the same URL either way.
  const urlOpts = { keepQueryKeys: study.keepQueryKeys ?? [] };
  const navigate = (t: number, raw: string) => {
    const href = sanitizeUrl(raw, urlOpts);
    const key = pageKey(href);
    if (key === undefined) return;
    const changed = key !== page;
    if (changed) {
      const previous = page;
      page = key;
      for (const h of d.page) h.page?.(t, key, previous);
    }
    for (const h of d.navigation) h.navigation?.(t);
    journey.navigate(t, href, changed);
  };

  const feed = (events: readonly unknown[]) => {
    for (const e of events) {
      if (!isObj(e)) continue;
      const ts = time(e.timestamp);
      const data = e.data;
      if (ts === undefined || !isObj(data)) continue;
      if (t0 === undefined) t0 = ts;
      // Whole ms as a 32-bit integer (capped at 24 days): small integers reach the detectors unboxed.
      const since = ts - t0;
      const t = since > 0 ? (since < MAX_T ? since | 0 : MAX_T) : 0;
      if (t > lastT) lastT = t;
      count++;

      const type = e.type;
      if (type === EV.incremental) {
        const source = data.source;
        if (source === SRC.mouseMove || source === SRC.touchMove || source === SRC.drag) {
          const positions = data.positions;
          let x: number | undefined;
          let y: number | undefined;
          if (Array.isArray(positions)) {
            for (let i = 0; i < positions.length; i++) {
              const p: unknown = positions[i];
              if (!isObj(p)) continue;
              const px = num(p.x);
              const py = num(p.y);
              if (px === undefined || py === undefined) continue;
              const pt = (t + (num(p.timeOffset) ?? 0)) | 0;
              for (const h of d.move) h.move?.(pt, px, py);
              x = px;
              y = py;
            }
          }
          for (const h of d.input) h.input?.(t, x, y);
        } else if (source === SRC.mutation) {
          const changed =
            (Array.isArray(data.adds) && data.adds.length > 0) ||
            (Array.isArray(data.removes) && data.removes.length > 0) ||
            (Array.isArray(data.texts) && data.texts.length > 0) ||
            (Array.isArray(data.attributes) && data.attributes.length > 0);
          if (changed) for (const h of d.changed) h.changed?.(t);
        } else if (source === SRC.scroll) {
          for (const h of d.scroll) h.scroll?.(t);
          for (const h of d.input) h.input?.(t);
        } else if (source === SRC.input) {
          for (const h of d.changed) h.changed?.(t);
          for (const h of d.input) h.input?.(t);
        } else if (source === SRC.mouseInteraction) {
          for (const h of d.input) h.input?.(t);
        } else if (source === SRC.viewportResize) {
          clicks.viewport(num(data.width), num(data.height));
        }
      } else if (type === EV.custom) {
        const payload = data.payload;
        if (!isObj(payload)) continue;
        switch (data.tag) {
          case FM_TAG.click: {
            const c = clickFact(t, payload);
            if (!c) break;
            for (const h of d.click) h.click?.(c);
            for (const h of d.input) h.input?.(t, c.x, c.y);
            journey.click(c);
            clicks.click(c);
            break;
          }
          case FM_TAG.nav: {
            const href = str(payload.href);
            if (href !== undefined) navigate(t, href);
            break;
          }
          case FM_TAG.error: {
            const message = sanitizeText(str(payload.message) ?? "(no message)", urlOpts);
            const rawSource = str(payload.source);
            const source = rawSource === undefined ? undefined : sanitizeText(rawSource, urlOpts);
            for (const h of d.error) h.error?.(t, message, source);
            break;
          }
          case FM_TAG.form: {
            const action = payload.action;
            const selector = str(payload.selector);
            if ((action !== "edit" && action !== "submit") || selector === undefined) break;
            const formSelector = str(payload.formSelector);
            const fieldType = str(payload.fieldType);
            for (const h of d.form) h.form?.(t, action, selector, formSelector, fieldType);
            if (action === "edit") for (const h of d.input) h.input?.(t);
            break;
          }
          case FM_TAG.copy: {
            for (const h of d.changed) h.changed?.(t);
            break;
          }
          case FM_TAG.track: {
            const name = str(payload.name);
            if (name !== undefined) journey.track(t, name);
            break;
          }
          case FM_TAG.task: {
            const taskId = str(payload.taskId) ?? "";
            const taskIndex = num(payload.taskIndex) ?? -1;
            if (payload.action === "start") {
              journey.taskStart(t, taskId, taskIndex);
              for (const h of d.task) h.task?.(t, "start");
            } else if (payload.action === "end") {
              for (const h of d.task) h.task?.(t, "end");
              const o = payload.outcome;
              journey.taskEnd(t, isOutcome(o) ? o : undefined);
            }
            break;
          }
        }
      } else if (type === EV.meta) {
        clicks.viewport(num(data.width), num(data.height));
        const href = str(data.href);
        if (href !== undefined) navigate(t, href);
      } else if (type === EV.fullSnapshot) {
        clicks.snapshot();
        for (const h of d.changed) h.changed?.(t);
      }
    }
  };

  let finished = false;
  const finish = (): RecordingAnalysis => {
    if (finished) throw new Error("this recording analysis is already finished");
    finished = true;
    for (const h of d.all) h.finish(lastT);
    journey.finish(lastT);
    const signals = placeSignals(drafts, journey.visits, journey.attempts);
    return {
      t0,
      durationMs: lastT,
      eventCount: count,
      visits: journey.visits,
      attempts: journey.attempts,
      signals,
      clicks: clicks.finish(journey.visits, journey.attempts, signals),
    };
  };
  return { feed, finish };
}

/** The analysis of a recording held in memory as one array. */
export function analyzeRecording(
  events: readonly unknown[],
  study: Pick<Study, "tasks" | "keepQueryKeys">,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): RecordingAnalysis {
  const analyzer = createRecordingAnalyzer(study, thresholds);
  analyzer.feed(events);
  return analyzer.finish();
}
