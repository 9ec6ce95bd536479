import type { ClipSlice, SharedView } from "@frictionmap/protocol";
import type { Clip } from "../domain/clip";
import { chunksUpTo, hasSnapshotBefore, sliceForClip, startChunkIndex } from "../domain/clip-events";
import { recordingTotals } from "../domain/recording-totals";
import { type Share, shareStatus } from "../domain/share";
import type { Deps } from "../ports";
import { clipLabels } from "./clips";
import { chunkEvents, segmentCache } from "./recording-reads";

type Stores = Pick<
  Deps,
  "shares" | "clips" | "reels" | "studies" | "sessions" | "recordings" | "blobs" | "log"
>;

export type ShareRefusal = { status: 404 | 410; code: string; title: string; message: string };

const UNKNOWN: ShareRefusal = {
  status: 404,
  code: "unknown",
  title: "This link does not work",
  message: "Check that you copied the whole link, or ask the person who sent it for a new one.",
};

/** The share a token opens, with the clips it shows, or why it shows nothing. */
export async function openShare(
  deps: Stores,
  tokenHash: string,
  now: Date,
): Promise<
  { ok: true; share: Share; clips: Clip[]; view: SharedView } | { ok: false; refusal: ShareRefusal }
> {
  const share = await deps.shares.getByTokenHash(tokenHash);
  if (!share) return { ok: false, refusal: UNKNOWN };
  const status = shareStatus(share, now);
  if (status !== "active") {
    return {
      ok: false,
      refusal: {
        status: 410,
        code: status,
        title: status === "revoked" ? "This link was turned off" : "This link has expired",
        message:
          status === "revoked"
            ? "The research team stopped sharing this. Ask them for a new link if you still need it."
            : "Shared links work for a limited time. Ask the research team for a new link.",
      },
    };
  }
  let title: string;
  let note: string | undefined;
  let clips: Clip[];
  if (share.target.kind === "clip") {
    const clip = await deps.clips.get(share.target.id);
    clips = clip ? [clip] : [];
    title = clip?.title ?? "";
    note = clip?.note;
  } else {
    const reel = await deps.reels.get(share.target.id);
    const found = reel ? await deps.clips.getMany(reel.clipIds) : new Map<string, Clip>();
    clips = (reel?.clipIds ?? []).flatMap((id) => {
      const c = found.get(id);
      return c && c.studyId === share.studyId ? [c] : [];
    });
    title = reel?.title ?? "";
    note = reel?.note;
  }
  if (clips.length === 0) {
    return {
      ok: false,
      refusal: {
        status: 404,
        code: "deleted",
        title: "This was deleted",
        message: "What this link showed no longer exists.",
      },
    };
  }
  const study = await deps.studies.get(share.studyId);
  const view: SharedView = {
    kind: share.target.kind,
    title,
    ...(note ? { note } : {}),
    expiresAt: share.expiresAt,
    clips: clips.map((c) => ({
      title: c.title,
      ...(c.note ? { note: c.note } : {}),
      ...clipLabels(c, study),
      durationMs: c.end - c.start,
    })),
  };
  return { ok: true, share, clips, view };
}

/**
 * The events that play one clip: chunks are read from the one holding the clip's start,
 * stepping back until a full snapshot is in hand, and no further than the clip's end.
 */
export async function clipSlice(
  deps: Pick<Deps, "sessions" | "recordings" | "blobs" | "log">,
  clip: Clip,
): Promise<ClipSlice | undefined> {
  const session = await deps.sessions.get(clip.sessionId);
  if (!session) return undefined;
  const all = await deps.recordings.list(clip.sessionId);
  // The recording's start from its index (the session item's totals may lag behind it).
  const { firstTs } = recordingTotals(all);
  if (firstTs === undefined) return undefined;
  const absStart = firstTs + clip.start;
  const absEnd = firstTs + clip.end;
  const refs = chunksUpTo(all, absEnd);
  if (refs.length === 0) return undefined;
  let k = startChunkIndex(refs, absStart);
  const loaded = new Map<number, unknown[]>();
  const segments = segmentCache();
  const read = async (i: number) => {
    const ref = refs[i];
    if (ref && !loaded.has(i)) loaded.set(i, await chunkEvents(deps, session, ref, segments));
  };
  for (let i = k; i < refs.length; i++) await read(i);
  while (k > 0 && !hasSnapshotBefore([...loaded.values()].flat(), absStart)) {
    k -= 1;
    await read(k);
  }
  const events = [...loaded.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, e]) => e);
  const slice = sliceForClip(events, absStart, absEnd);
  return slice.events.length ? slice : undefined;
}
