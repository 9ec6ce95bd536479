import type { z } from "zod";
import { newId } from "./ids";
import { int, literal, optional, strict, tagged, text } from "./validation";

/** `revoked`: a researcher withdrew the link; `expired`: its time ran out (or was set to now). */
export const INVITE_STATUSES = ["pending", "started", "completed", "expired", "revoked"] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

const label = optional(text({ min: 1, max: 200 }));
const expiresInDays = optional(int({ min: 1, max: 365 }));

/** `{count}` single-use links, or `{open: true, cap}` for one capped open link. */
export const inviteRequestSchema = tagged("open", [
  strict({ open: literal(false).optional(), count: int({ min: 1, max: 500 }), label, expiresInDays }),
  strict({ open: literal(true), cap: int({ min: 1, max: 100_000 }), label, expiresInDays }),
]);
export type InviteRequest = z.output<typeof inviteRequestSchema>;

export interface Invite {
  id: string;
  studyId: string;
  kind: "single" | "open";
  label?: string;
  /** How many sessions the link may start: 1 for a single-use link. */
  cap: number;
  /** Sessions started with it, and of those completed. */
  used: number;
  completed: number;
  tokenHash: string;
  createdAt: string;
  expiresAt?: string;
  /** When a researcher withdrew the link: it starts no session from then on. */
  revokedAt?: string;
  /** An open link is meant to be shared, so its URL is kept to be shown again; a single-use
   * link's token is never kept (only its hash). */
  shareUrl?: string;
}

export interface InviteView extends Omit<Invite, "tokenHash"> {
  status: InviteStatus;
}

/** A new invite as its creator sees it, once: with the link that carries its token. */
export interface CreatedInvite extends InviteView {
  url: string;
}

/** New invites and their tokens; the token is shown once, only its hash is kept. */
export function createInvites(
  studyId: string,
  request: InviteRequest,
  now: Date,
  /** A new bearer secret and the hash it is stored as (the link carries the token). */
  mint: () => { token: string; tokenHash: string },
  /** Where links point: an open link keeps its URL, to be shown again. */
  baseUrl?: string,
): { invite: Invite; token: string }[] {
  const open = request.open === true;
  const count = request.open === true ? 1 : request.count;
  const expiresAt = request.expiresInDays
    ? new Date(now.getTime() + request.expiresInDays * 86_400_000).toISOString()
    : undefined;
  return Array.from({ length: count }, (_, i) => {
    const { token, tokenHash } = mint();
    const numbered = !open && request.label && count > 1 ? `${request.label} ${i + 1}` : request.label;
    const invite: Invite = {
      id: newId("invite"),
      studyId,
      kind: open ? "open" : "single",
      ...(numbered ? { label: numbered } : {}),
      cap: request.open === true ? request.cap : 1,
      used: 0,
      completed: 0,
      tokenHash,
      // A millisecond apart, so a batch lists in the order it was numbered.
      createdAt: new Date(now.getTime() + i).toISOString(),
      ...(expiresAt ? { expiresAt } : {}),
      ...(open && baseUrl ? { shareUrl: inviteUrl(baseUrl, token) } : {}),
    };
    return { invite, token };
  });
}

export function inviteStatus(invite: Invite, now: Date): InviteStatus {
  if (invite.revokedAt && !(invite.kind === "single" && invite.completed >= 1)) return "revoked";
  if (invite.kind === "single") {
    if (invite.completed >= 1) return "completed";
    if (invite.used >= 1) return "started";
  } else if (invite.used >= invite.cap) {
    return "completed";
  }
  if (invite.expiresAt && Date.parse(invite.expiresAt) <= now.getTime()) return "expired";
  return invite.used > 0 ? "started" : "pending";
}

export function viewInvite(invite: Invite, now: Date): InviteView {
  const { tokenHash: _hidden, ...rest } = invite;
  return { ...rest, status: inviteStatus(invite, now) };
}

export function inviteUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/i/${token}`;
}

/** A change a researcher makes to a link: withdraw it, or set when it expires (0 days: now). */
export const invitePatchSchema = strict({
  expiresInDays: int({ min: 0, max: 365 }),
});
export type InvitePatch = z.output<typeof invitePatchSchema>;

export function expiryIn(days: number, now: Date): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}
