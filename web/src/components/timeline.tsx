import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Study } from "../api/types";
import type { Moment } from "../replay/moments";
import { layoutMarkers, type Segment, type TaskSpan } from "../replay/timeline-math";
import { clock, OUTCOME_LABELS } from "./format";
import { memo } from "./memo";

const LANES = 3;
const MARKER = 12;

type SelectFn = (m: Moment) => void;

/** Task bands with how each ended: they change with the session, never with the playhead. */
const TaskBand = memo(
  function TaskBand({ spans, study }: { spans: TaskSpan[]; study: Study | undefined }) {
    return (
      <div class="tasks-band">
        {spans.map((s) => {
          const title = study?.tasks.find((t) => t.id === s.taskId)?.title ?? "Task";
          const ended = s.outcome ? ` · ${OUTCOME_LABELS[s.outcome] ?? s.outcome}` : "";
          const label = `${s.taskIndex + 1}. ${title}${ended}`;
          return (
            <div
              key={s.taskId}
              class={`task-span task-${s.taskIndex % 4}${s.outcome ? ` outcome-${s.outcome}` : ""}`}
              style={{ left: `${s.left}%`, width: `${s.width}%` }}
              title={`${label}: ${clock(s.start)}–${clock(s.end)}`}
              data-task={s.taskId}
              data-outcome={s.outcome}
            >
              {label}
            </div>
          );
        })}
      </div>
    );
  },
  (a, b) => a.spans === b.spans && a.study === b.study,
);

/** Range annotations as bars from their start to their end; a click selects one. */
const RangeLayer = memo(
  function RangeLayer({
    moments,
    durationMs,
    selectedId,
    onPick,
  }: {
    moments: Moment[];
    durationMs: number;
    selectedId: string | null;
    onPick: SelectFn;
  }) {
    const ranges = moments.filter((m) => m.tEnd !== undefined);
    if (ranges.length === 0 || durationMs <= 0) return null;
    const pct = (t: number) => Math.min(100, Math.max(0, (t / durationMs) * 100));
    return (
      <div class="annotation-ranges">
        {ranges.map((m) => {
          const label = `${m.label}: ${clock(m.t)}–${clock(m.tEnd ?? m.t)}`;
          return (
            <button
              type="button"
              key={m.id}
              class={`annotation-range sev-${m.severity ?? 0}${selectedId === m.id ? " selected" : ""}`}
              style={{ left: `${pct(m.t)}%`, width: `${Math.max(0.4, pct(m.tEnd ?? m.t) - pct(m.t))}%` }}
              data-testid="annotation-range"
              data-id={m.id}
              data-t={m.t}
              data-t-end={m.tEnd}
              aria-label={label}
              title={label}
              onClick={() => onPick(m)}
            />
          );
        })}
      </div>
    );
  },
  (a, b) => a.moments === b.moments && a.durationMs === b.durationMs && a.selectedId === b.selectedId,
);

function SegmentBlocks({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.length === 0 && <div class="no-steps">No journey steps recognised in this session</div>}
      {segments.map((s) => (
        <div
          key={`${s.stepId}@${s.start}`}
          class={`segment stage-${s.stage ?? "none"} task-${s.taskIndex % 4}`}
          style={{ left: `${s.left}%`, width: `${s.width}%` }}
          title={`${s.label}: ${clock(s.start)}–${clock(s.end)}`}
          data-step={s.stepId}
        >
          <span>{s.label}</span>
        </div>
      ))}
    </>
  );
}
const Blocks = memo(SegmentBlocks, (a, b) => a.segments === b.segments);

/** The markers, laid out without overlaps; redrawn only when moments, width or selection change. */
const MarkerLayer = memo(
  function MarkerLayer({
    moments,
    durationMs,
    width,
    selectedId,
    onPick,
  }: {
    moments: Moment[];
    durationMs: number;
    width: number;
    selectedId: string | null;
    onPick: SelectFn;
  }) {
    const clusters = layoutMarkers(moments, durationMs, width, { size: MARKER, lanes: LANES });
    return (
      <div class="markers" style={{ height: `${LANES * (MARKER + 4)}px` }}>
        {clusters.map((c) => {
          const m = c.items[0] as Moment;
          const more = c.items.length - 1;
          const when = m.tEnd !== undefined ? `${clock(m.t)}–${clock(m.tEnd)}` : clock(m.t);
          const label = `${m.label} at ${when}${more ? ` and ${more} more` : ""}`;
          const cls = `marker ${m.kind}${m.severity !== undefined ? ` sev-${m.severity}` : ""}${m.outcome ? ` outcome-${m.outcome}` : ""}${selectedId === m.id ? " selected" : ""}${more ? " cluster" : ""}`;
          return (
            <button
              type="button"
              key={`${m.kind}-${m.id}`}
              class={cls}
              style={{ left: `${c.x - MARKER / 2}px`, top: `${c.lane * (MARKER + 4)}px` }}
              data-t={m.t}
              data-kind={m.kind}
              aria-label={label}
              title={label}
              onClick={() => onPick(m)}
            >
              {more ? `+${more}` : ""}
            </button>
          );
        })}
      </div>
    );
  },
  (a, b) =>
    a.moments === b.moments &&
    a.durationMs === b.durationMs &&
    a.width === b.width &&
    a.selectedId === b.selectedId,
);

export function Timeline({
  study,
  durationMs,
  time,
  segments,
  tasks,
  moments,
  selectedId,
  range,
  onSeek,
  onSelect,
}: {
  study: Study | undefined;
  durationMs: number;
  time: number;
  segments: Segment[];
  tasks: TaskSpan[];
  moments: Moment[];
  selectedId: string | null;
  range: { t: number; tEnd: number } | null;
  onSeek(t: number): void;
  onSelect: SelectFn;
}) {
  const track = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - 20));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The newest handlers, for the memoized marker layer.
  const handlers = useRef({ onSeek, onSelect });
  handlers.current = { onSeek, onSelect };
  const pick = useCallback((m: Moment) => {
    handlers.current.onSelect(m);
    handlers.current.onSeek(m.t);
  }, []);
  const pct = (t: number) => (durationMs > 0 ? Math.min(100, Math.max(0, (t / durationMs) * 100)) : 0);
  const seekAt = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    onSeek(((e.clientX - box.left) / box.width) * durationMs);
  };

  return (
    <div class="timeline" ref={track}>
      <TaskBand spans={tasks} study={study} />
      <div class="segments" onPointerDown={seekAt}>
        <Blocks segments={segments} />
        {range && (
          <div
            class="range"
            style={{ left: `${pct(range.t)}%`, width: `${pct(range.tEnd) - pct(range.t)}%` }}
          />
        )}
        <div class="playhead" style={{ left: `${pct(time)}%` }} />
      </div>
      <RangeLayer moments={moments} durationMs={durationMs} selectedId={selectedId} onPick={pick} />
      <MarkerLayer
        moments={moments}
        durationMs={durationMs}
        width={width}
        selectedId={selectedId}
        onPick={pick}
      />
      <input
        type="range"
        class="scrubber"
        min={0}
        max={Math.max(1, Math.round(durationMs))}
        step={100}
        value={Math.round(time)}
        aria-label="Playback position"
        aria-valuetext={`${clock(time)} of ${clock(durationMs)}`}
        onInput={(e) => onSeek(Number((e.target as HTMLInputElement).value))}
      />
    </div>
  );
}
