import type { PlayerState } from "../replay/use-player";
import { SHORTCUTS } from "../replay/use-shortcuts";
import { clock } from "./format";

const SPEEDS = [1, 2, 4, 8];

/**
 * Play/pause, time, speed, skip inactivity, the current step, the tag button and a link to
 * the playhead. `time` is the playhead within the recording (never past its end).
 */
export function PlayerControls({
  p,
  time,
  durationMs,
  stepName,
  rangeStart,
  canTag,
  onTag,
  onCopyLink,
}: {
  p: PlayerState;
  time: number;
  durationMs: number;
  stepName: string | undefined;
  rangeStart: number | null;
  canTag: boolean;
  onTag(): void;
  onCopyLink(): void;
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
      <span class="time" aria-live="off" data-testid="current-time" data-ms={Math.round(time)}>
        {clock(time)} / {clock(durationMs)}
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
      <button
        type="button"
        class="small push-right"
        onClick={onCopyLink}
        disabled={!canTag}
        title="Copy a link that opens the replay at the playhead"
        data-testid="copy-playhead-link"
      >
        Copy link
      </button>
      <button type="button" onClick={onTag} disabled={!canTag}>
        {rangeStart !== null ? `Tag ${clock(rangeStart)}–${clock(time)}` : "Tag moment"} <kbd>t</kbd>
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
