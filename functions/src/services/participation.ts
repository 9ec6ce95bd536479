import { gzipSync } from "node:zlib";
import { hashToken, newSecretToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import {
  type AttemptEvent,
  attemptChange,
  CONSENT_TEXT_VERSION,
  inviteRefusal,
  participantLabel,
} from "../domain/participant";
import { recordingTotals } from "../domain/recording-totals";
import { sessionRetentionDays } from "../domain/retention";
import { type Attempt, type Session, startSession } from "../domain/session";
import { type Deps, PreconditionFailed } from "../ports";

type Stores = Pick<
  Deps,
  "studies" | "invites" | "sessions" | "recordings" | "blobs" | "log" | "maxRetentionDays"
>;

/** Looks an invite link up without consuming it (the invite page). */
export async function lookUpInvite(deps: Stores, token: string, now: Date) {
  const invite = await deps.invites.getByTokenHash(hashToken(token));
  const study = invite ? await deps.studies.get(invite.studyId) : undefined;
  return { invite, study, refusal: inviteRefusal(invite, study, now) };
}

/**
 * Consent given: consumes the invite atomically (a single-use link starts exactly one
 * session; an open link never exceeds its cap) and starts the session. The session token
 * is returned once; only its hash is kept.
 */
export async function acceptInvite(
  deps: Stores,
  token: string,
  consent: { textVersion: string; userAgent?: string },
  now: Date,
): Promise<{ session: Session; sessionToken: string }> {
  const { invite, study, refusal } = await lookUpInvite(deps, token, now);
  if (refusal || !invite || !study) {
    throw new AppError(
      refusal?.code === "unknown" ? 404 : 410,
      `invite_${refusal?.code ?? "unknown"}`,
      refusal?.title ?? "",
    );
  }
  if (consent.textVersion !== CONSENT_TEXT_VERSION) {
    throw new AppError(
      409,
      "consent_outdated",
      "The consent text changed; reload the page and read it again.",
    );
  }
  let claimed: typeof invite;
  try {
    claimed = await deps.invites.claim(invite.tokenHash, now);
  } catch (err) {
    if (err instanceof PreconditionFailed) {
      const again = await lookUpInvite(deps, token, now);
      throw new AppError(
        410,
        `invite_${again.refusal?.code ?? "used"}`,
        again.refusal?.title ?? "This link was already used",
      );
    }
    throw err;
  }
  const sessionToken = newSecretToken();
  const session = startSession({
    studyId: study.id,
    inviteId: invite.id,
    participantLabel: participantLabel(claimed),
    consent: {
      acceptedAt: now.toISOString(),
      textVersion: consent.textVersion,
      ...(consent.userAgent ? { userAgent: consent.userAgent.slice(0, 300) } : {}),
    },
    tokenHash: hashToken(sessionToken),
    now,
    // The study's retention, never longer than the deployment keeps recordings.
    retentionDays: sessionRetentionDays(study.retentionDays, deps.maxRetentionDays),
  });
  await deps.sessions.create({ ...session, inviteTokenHash: invite.tokenHash });
  deps.log({ level: "info", msg: "session started", sessionId: session.id, studyId: study.id });
  return { session, sessionToken };
}

/**
 * A task-panel event: the attempt, then the session's per-task summaries (outcome, SEQ),
 * each written atomically field by field, so concurrent panel writes never lose one.
 */
export async function recordTaskEvent(
  deps: Pick<Deps, "sessions" | "attempts">,
  session: Pick<Session, "id">,
  task: { id: string; index: number },
  event: AttemptEvent,
  now: Date,
): Promise<Attempt> {
  const change = attemptChange(task, event, now);
  const attempt = await deps.attempts.record(session.id, change);
  const seq = change.answer?.seq;
  await deps.sessions.update(session.id, {
    ...(attempt.outcome ? { outcomes: { [task.id]: attempt.outcome } } : {}),
    ...(seq !== undefined ? { seqAnswers: { [task.id]: seq } } : {}),
    lastActivityAt: now.toISOString(),
  });
  return attempt;
}

/** A chunk body as sent: gzip as is, or JSON (browsers without CompressionStream) gzipped here. */
export function chunkBodyToGzip(body: Uint8Array, contentType: string): Uint8Array {
  if (/^application\/json\b/i.test(contentType)) return gzipSync(body);
  if (/^application\/(gzip|octet-stream)\b/i.test(contentType)) return body;
  throw new AppError(415, "unsupported_media_type", "Send chunks as application/gzip (or application/json).");
}

/** The session has ended from the panel: totals recounted from the chunk index. */
export async function completeSession(deps: Stores, session: Session, sus: number[] | undefined, now: Date) {
  if (session.status === "completed") return;
  const chunks = await deps.recordings.list(session.id);
  await deps.sessions.update(session.id, {
    status: "completed",
    endedAt: now.toISOString(),
    lastActivityAt: now.toISOString(),
    ...recordingTotals(chunks),
    ...(sus ? { sus } : {}),
  });
  if (session.inviteTokenHash) await deps.invites.markCompleted(session.inviteTokenHash);
}
