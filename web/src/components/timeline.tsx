import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Study } from "../api/types";
import { layoutMarkers, type Moment, type Segment } from "../replay/timeline-math";
import { clock } from "./format";
import { memo } from "./memo";

const LANES = 3;
const MARKER = 12;

function taskSpans(segs: Segment[], study: Study | undefined) {
  const spans = new Map<
    string,
    { taskId: string; start: number; end: number; label: string; taskIndex: number }
  >();
  for (const s of segs) {
    const span = spans.get(s.taskId);
    const title = study?.tasks.find((t) => t.id === s.taskId)?.title ?? "Task";
    if (!span)
      spans.set(s.taskId, {
        taskId: s.taskId,
        start: s.left,
        end: s.left + s.width,
        label: `${s.taskIndex + 1}. ${title}`,
        taskIndex: s.taskIndex,
      });
    else {
      span.start = Math.min(span.start, s.left);
      span.end = Math.max(span.end, s.left + s.width);
    }
  }
  return [...spans.values()];
}

type SelectFn = (m: Moment) => void;

/** Segments and task bands: they change with the session, never with the playhead. */
const SegmentLayer = memo(
  function SegmentLayer({ segments, study }: { segments: Segment[]; study: Study | undefined }) {
    const spans = taskSpans(segments, study);
    return (
      <div class="tasks-band" aria-hidden="true">
        {spans.map((s) => (
          <div
            key={s.taskId}
            class={`task-span task-${s.taskIndex % 4}`}
            style={{ left: `${s.start}%`, width: `${s.end - s.start}%` }}
            title={s.label}
          >
            {s.label}
          </div>
        ))}
      </div>
    );
  },
  (a, b) => a.segments === b.segments && a.study === b.study,
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
          const label = `${m.label} at ${clock(m.t)}${more ? ` and ${more} more` : ""}`;
          const cls = `marker ${m.kind}${m.severity !== undefined ? ` sev-${m.severity}` : ""}${selectedId === m.id ? " selected" : ""}${more ? " cluster" : ""}`;
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
  const pct = (t: number) => (durationMs > 0 ? Math.min(100, (t / durationMs) * 100) : 0);
  const seekAt = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    onSeek(((e.clientX - box.left) / box.width) * durationMs);
  };

  return (
    <div class="timeline" ref={track}>
      <SegmentLayer segments={segments} study={study} />
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
