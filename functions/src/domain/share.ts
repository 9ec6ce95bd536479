import type { z } from "zod";
import { newId } from "./ids";
import { int, optional, record } from "./validation";

export const DEFAULT_SHARE_DAYS = 30;
export const MAX_SHARE_DAYS = 365;
const DAY_MS = 86_400_000;

export const shareInputSchema = record(
  { expiresInDays: optional(int({ min: 1, max: MAX_SHARE_DAYS })) },
  { description: `How long the link works; ${DEFAULT_SHARE_DAYS} days when not given.` },
);
export type ShareInput = z.output<typeof shareInputSchema>;

export type ShareTarget = { kind: "clip" | "reel"; id: string };

/**
 * A revocable, expiring link to one clip or reel. The token itself is never stored: only its
 * hash, which is also how an opened link finds its share.
 */
export interface Share {
  id: string;
  studyId: string;
  target: ShareTarget;
  /** What the link shows, kept for the list of shares (the target may be renamed or deleted). */
  title: string;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  /** When the item is deleted: with what it shows (its link stops working at `expiresAt`). */
  retainUntil?: string;
}

export type ShareStatus = "active" | "expired" | "revoked";

/** A share as reviewers list it: no hash. */
export type ShareView = Omit<Share, "tokenHash"> & { status: ShareStatus };

export function createShare(
  input: ShareInput,
  ctx: { studyId: string; target: ShareTarget; title: string; tokenHash: string; by: string; now: Date },
): Share {
  const days = input.expiresInDays ?? DEFAULT_SHARE_DAYS;
  return {
    id: newId("share"),
    studyId: ctx.studyId,
    target: ctx.target,
    title: ctx.title,
    tokenHash: ctx.tokenHash,
    createdBy: ctx.by,
    createdAt: ctx.now.toISOString(),
    expiresAt: new Date(ctx.now.getTime() + days * DAY_MS).toISOString(),
  };
}

export function shareStatus(share: Share, now: Date): ShareStatus {
  if (share.revokedAt) return "revoked";
  return Date.parse(share.expiresAt) <= now.getTime() ? "expired" : "active";
}

export function viewShare(share: Share, now: Date): ShareView {
  const { tokenHash: _hash, ...rest } = share;
  return { ...rest, status: shareStatus(share, now) };
}

/** Revoking twice keeps the first revocation. */
export function revokeShare(share: Share, by: string, now: Date): Share {
  return share.revokedAt ? share : { ...share, revokedAt: now.toISOString(), revokedBy: by };
}

/** The link path for a token; the app's public origin is put in front of it. */
export const sharePath = (token: string) => `/s/${token}`;
