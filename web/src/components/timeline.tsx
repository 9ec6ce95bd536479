import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Study } from "../api/types";
import { layoutMarkers, type Moment, type Segment } from "../replay/timeline-math";
import { clock } from "./format";

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
  onSelect(m: Moment): void;
}) {
  const track = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  const pct = (t: number) => (durationMs > 0 ? Math.min(100, (t / durationMs) * 100) : 0);
  const clusters = useMemo(
    () => layoutMarkers(moments, durationMs, width, { size: MARKER, lanes: LANES }),
    [moments, durationMs, width],
  );
  const spans = useMemo(() => taskSpans(segments, study), [segments, study]);
  const seekAt = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    onSeek(((e.clientX - box.left) / box.width) * durationMs);
  };

  return (
    <div class="timeline" ref={track}>
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
      <div class="segments" onPointerDown={seekAt}>
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
        {range && (
          <div
            class="range"
            style={{ left: `${pct(range.t)}%`, width: `${pct(range.tEnd) - pct(range.t)}%` }}
          />
        )}
        <div class="playhead" style={{ left: `${pct(time)}%` }} />
      </div>
      <div class="markers" style={{ height: `${LANES * (MARKER + 4)}px` }}>
        {clusters.map((c) => {
          const m = c.items[0] as Moment;
          const more = c.items.length - 1;
          const label = `${m.label} at ${clock(m.t)}${more ? ` and ${more} more` : ""}`;
          return (
            <button
              type="button"
              key={`${m.kind}-${m.id}`}
              class={`marker ${m.kind}${m.severity !== undefined ? ` sev-${m.severity}` : ""}${selectedId === m.id ? " selected" : ""}${more ? " cluster" : ""}`}
              style={{ left: `${c.x - MARKER / 2}px`, top: `${c.lane * (MARKER + 4)}px` }}
              data-t={m.t}
              data-kind={m.kind}
              aria-label={label}
              title={label}
              onClick={() => {
                onSelect(m);
                onSeek(m.t);
              }}
            >
              {more ? `+${more}` : ""}
            </button>
          );
        })}
      </div>
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
