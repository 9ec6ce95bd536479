import type { PlayerState } from "../replay/use-player";
import { SHORTCUTS } from "../replay/use-shortcuts";
import { clock } from "./format";

const SPEEDS = [1, 2, 4, 8];

/** Play/pause, time, speed, skip inactivity, the current step, and the tag button. */
export function PlayerControls({
  p,
  durationMs,
  stepName,
  rangeStart,
  canTag,
  onTag,
}: {
  p: PlayerState;
  durationMs: number;
  stepName: string | undefined;
  rangeStart: number | null;
  canTag: boolean;
  onTag(): void;
}) {
  return (
    <div class="controls" role="toolbar" aria-label="Playback">
      <button
        type="button"
        class="primary play"
        onClick={p.togglePlay}
        disabled={!p.ready}
        aria-label={p.playing ? "Pause" : "Play"}
      >
        {p.playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <span class="time" aria-live="off" data-testid="current-time" data-ms={Math.round(p.time)}>
        {clock(p.time)} / {clock(durationMs)}
      </span>
      <label class="inline-label">
        Speed
        <select
          value={String(p.speed)}
          onChange={(e) => p.setSpeed(Number((e.target as HTMLSelectElement).value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={p.skipInactive}
          onChange={(e) => p.setSkipInactive((e.target as HTMLInputElement).checked)}
        />
        Skip inactivity
      </label>
      <span class="muted step-now">{stepName ? `Step: ${stepName}` : ""}</span>
      <button type="button" onClick={onTag} disabled={!canTag} class="push-right">
        {rangeStart !== null ? `Tag ${clock(rangeStart)}–${clock(p.time)}` : "Tag moment"} <kbd>t</kbd>
      </button>
    </div>
  );
}

export function ShortcutHelp() {
  return (
    <details class="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {SHORTCUTS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
