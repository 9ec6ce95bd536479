import { timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { hashToken } from "../adapters/secret-tokens";
import { CHUNK_LIMITS } from "../domain/chunk";
import { AppError } from "../domain/errors";
import { isId } from "../domain/ids";
import {
  applyAttemptEvent,
  attemptEventSchema,
  completeSchema,
  consentSchema,
  feedbackSchema,
  participantStudy,
} from "../domain/participant";
import type { Session } from "../domain/session";
import type { Study } from "../domain/study";
import { readBodyCapped, readJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { analyzeSoon, requestAnalysis } from "../services/jobs";
import { acceptInvite, chunkBodyToGzip, completeSession } from "../services/participation";
import { storeChunk } from "../services/recording";

type IngestEnv = AppEnv & { Variables: { session: Session; study: Study } };

const INVITE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const JSON_CHUNK_LIMIT = 4 * 1024 * 1024;

/** Mounted at /api/invites: the invite page's consent. */
export const inviteAcceptRoutes = new Hono<AppEnv>().post("/:token/accept", async (c) => {
  const token = c.req.param("token");
  if (!INVITE_TOKEN.test(token)) throw new AppError(404, "invite_unknown", "This link does not work");
  const body = await readJson(c, consentSchema);
  const { deps } = c.var;
  const { session, sessionToken } = await acceptInvite(
    deps,
    token,
    { textVersion: body.textVersion, userAgent: c.req.header("user-agent") },
    deps.now(),
  );
  const study = await deps.studies.get(session.studyId);
  const first = study?.tasks[0];
  const base = deps.publicUrl ?? new URL(c.req.url).origin;
  const handoff = Buffer.from(JSON.stringify({ s: session.id, k: sessionToken, a: base })).toString(
    "base64url",
  );
  return c.json(
    {
      sessionId: session.id,
      sessionToken,
      startUrl: first?.startUrl,
      handoff,
      redirect: `${first?.startUrl}#fm=${handoff}`,
    },
    201,
  );
});

function sameToken(given: string, expectedHash: string): boolean {
  const a = Buffer.from(hashToken(given), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Ingest guard: the session must exist, the request must come from one of its study's
 * origins (CORS, preflight included), and carry that session's own token.
 */
const participantOnly: MiddlewareHandler<IngestEnv> = async (c, next) => {
  const id = c.req.param("id") ?? "";
  if (!isId("session", id)) throw new AppError(400, "invalid_id", "Not a valid session id.");
  const { deps } = c.var;
  const session = await deps.sessions.get(id);
  const study = session ? await deps.studies.get(session.studyId) : undefined;
  if (!session || !study) throw new AppError(404, "not_found", "No such session (it may have been erased).");
  const origin = c.req.header("origin");
  const allowed = origin !== undefined && study.origins.includes(origin);
  if (allowed) {
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Vary", "Origin");
  }
  if (c.req.method === "OPTIONS") {
    if (!allowed) throw new AppError(403, "origin_not_allowed", "This origin may not send to this session.");
    c.header("Access-Control-Allow-Methods", "GET, PUT, POST");
    c.header("Access-Control-Allow-Headers", "authorization, content-type");
    c.header("Access-Control-Max-Age", "7200");
    return c.body(null, 204);
  }
  if (origin !== undefined && !allowed) {
    throw new AppError(403, "origin_not_allowed", "This origin may not send to this session.");
  }
  const token = /^Bearer\s+(\S{1,200})$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!token || !sameToken(token, session.tokenHash)) {
    throw new AppError(401, "unauthorized", "This session's token is missing or wrong.");
  }
  c.set("session", session);
  c.set("study", study);
  await next();
};

/** Mounted at /api/ingest/sessions: what the recorder and task panel send. */
export const ingestRoutes = new Hono<IngestEnv>()
  .use("/:id", participantOnly)
  .use("/:id/*", participantOnly)
  .get("/:id", async (c) => {
    const { session, study, deps } = c.var;
    const detail = await deps.sessions.detail(session.id);
    return c.json({
      session: { id: session.id, status: session.status, attempts: detail?.attempts ?? [] },
      study: participantStudy(study),
    });
  })
  .put("/:id/chunks/:seq", async (c) => {
    const { session, deps } = c.var;
    const seq = Number(c.req.param("seq"));
    const type = c.req.header("content-type") ?? "";
    const json = /^application\/json\b/i.test(type);
    const raw = await readBodyCapped(c, json ? JSON_CHUNK_LIMIT : CHUNK_LIMITS.compressedBytes);
    const result = await storeChunk(deps, session, seq, chunkBodyToGzip(raw, type), deps.now());
    // New data, during the session or after it ended (the last page's final flush): analysed soon.
    if (result.stored) {
      deps.metrics.count("chunksStored");
      await requestAnalysis(deps, session.id, "recording");
    }
    return c.json({ seq, stored: result.stored }, result.stored ? 201 : 200);
  })
  .put("/:id/attempts/:taskIndex", async (c) => {
    const { session, study, deps } = c.var;
    const index = Number(c.req.param("taskIndex"));
    const task = study.tasks[index];
    if (!Number.isInteger(index) || !task)
      throw new AppError(404, "not_found", "No such task in this study.");
    const event = await readJson(c, attemptEventSchema);
    const current = await deps.attempts.get(session.id, index);
    const attempt = applyAttemptEvent(current, { id: task.id, index }, event, deps.now());
    await deps.attempts.put(session.id, attempt);
    // The session was read by the guard for this request: its summaries are current.
    await deps.sessions.update(session.id, {
      ...(attempt.outcome ? { outcomes: { ...session.outcomes, [task.id]: attempt.outcome } } : {}),
      ...(attempt.seq !== undefined
        ? { seqAnswers: { ...(session.seqAnswers ?? {}), [task.id]: attempt.seq } }
        : {}),
      lastActivityAt: deps.now().toISOString(),
    });
    await requestAnalysis(deps, session.id, "panel");
    return c.json(attempt);
  })
  .post("/:id/feedback", async (c) => {
    const { session, deps } = c.var;
    const body = await readJson(c, feedbackSchema);
    const feedback = { ...body, at: deps.now().toISOString() };
    await deps.attempts.putFeedback(session.id, feedback);
    await requestAnalysis(deps, session.id, "panel");
    return c.json(feedback, 201);
  })
  .post("/:id/complete", async (c) => {
    const { session, deps } = c.var;
    const body = await readJson(c, completeSchema);
    await completeSession(deps, session, body.sus, deps.now());
    // Every call queues it (a retried /complete is cheap): analysis is idempotent.
    await analyzeSoon(deps, session.id, "complete");
    return c.json({ status: "completed" });
  });
