/**
 * What a share link (`/s/{token}`) reads: the view the page is rendered with, and the events
 * of one clip. Nothing here names a session, a study or a participant beyond the label chosen.
 */

/** One clip as a title card shows it. */
export interface SharedClipCard {
  title: string;
  note?: string;
  participantLabel: string;
  task?: string;
  step?: string;
  tag?: string;
  durationMs: number;
}

/** `GET /s/{token}/data`, and the JSON the page is rendered with. */
export interface SharedView {
  kind: "clip" | "reel";
  title: string;
  note?: string;
  expiresAt: string;
  clips: SharedClipCard[];
}

/** `GET /s/{token}/clips/{n}`: from the last full snapshot before the clip's start to its end. */
export interface ClipSlice {
  events: unknown[];
  /** ms into `events` (from its first event) where the clip begins and ends. */
  startOffset: number;
  endOffset: number;
}
