import type { ParticipantStudy } from "@frictionmap/protocol";
import { createRoute, z } from "@hono/zod-openapi";
import { CHUNK_LIMITS } from "../domain/chunk";
import { AppError } from "../domain/errors";
import {
  attemptEventSchema,
  completeSchema,
  consentSchema,
  feedbackSchema,
  participantStudy,
} from "../domain/participant";
import type { Attempt, Feedback, SessionStatus } from "../domain/session";
import { readBodyCapped } from "../http/body";
import { BODY_PROBLEMS, json, jsonBody, PARTICIPANT, PUBLIC, problems, shaped } from "../http/openapi";
import { currentSession, currentStudy, type IngestEnv } from "../http/participant-guard";
import { apiRouter } from "../http/router";
import { analyzeSoon, requestAnalysis } from "../services/jobs";
import { acceptInvite, chunkBodyToGzip, completeSession, recordTaskEvent } from "../services/participation";
import { storeChunk } from "../services/recording";

const INVITE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const JSON_CHUNK_LIMIT = 4 * 1024 * 1024;

const accept = createRoute({
  method: "post",
  path: "/{token}/accept",
  summary: "Participant consent: consumes the invite, starts a session, returns the recorder handoff",
  security: PUBLIC,
  request: { params: z.object({ token: z.string() }), body: jsonBody(consentSchema) },
  responses: {
    201: json(
      z.object({
        sessionId: z.string(),
        sessionToken: z.string(),
        startUrl: z.string().optional(),
        handoff: z.string(),
        redirect: z.string(),
      }),
      "The session and where the participant goes next",
    ),
    ...problems(...BODY_PROBLEMS, 404, 409, 410),
  },
});

/** Mounted at /api/invites: the invite page's consent. */
export const inviteAcceptRoutes = apiRouter().openapi(accept, async (c) => {
  const { token } = c.req.valid("param");
  if (!INVITE_TOKEN.test(token)) throw new AppError(404, "invite_unknown", "This link does not work");
  const body = c.req.valid("json");
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

const sessionId = z.object({ id: z.string() });

const sessionForRecorder = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Participant: the study's tasks and this session's attempts (session token)",
  security: PARTICIPANT,
  request: { params: sessionId },
  responses: {
    200: json(
      shaped<{
        session: { id: string; status: SessionStatus; attempts: Attempt[] };
        study: ParticipantStudy;
      }>("The session and what the recorder needs of its study"),
      "The session",
    ),
    ...problems(400, 401, 403, 404),
  },
});

const chunk = createRoute({
  method: "put",
  path: "/{id}/chunks/{seq}",
  summary:
    "Participant: one recording chunk (application/gzip JSON array of rrweb events); stored once per seq",
  security: PARTICIPANT,
  request: {
    params: z.object({ id: z.string(), seq: z.string() }),
    body: {
      required: true,
      content: {
        "application/gzip": { schema: { type: "string", format: "binary" } },
        "application/json": { schema: { type: "array", items: { type: "object" } } },
      },
    },
  },
  responses: {
    200: json(z.object({ seq: z.number(), stored: z.boolean() }), "Already stored (a retry)"),
    201: json(z.object({ seq: z.number(), stored: z.boolean() }), "Stored"),
    ...problems(400, 401, 403, 404, 413),
  },
});

const attempt = createRoute({
  method: "put",
  path: "/{id}/attempts/{taskIndex}",
  summary: "Participant: task start, end (outcome) or answers (SEQ, comment)",
  security: PARTICIPANT,
  request: {
    params: z.object({ id: z.string(), taskIndex: z.string() }),
    body: jsonBody(attemptEventSchema),
  },
  responses: {
    200: json(shaped<Attempt>("The attempt after the event"), "The attempt"),
    ...problems(...BODY_PROBLEMS, 401, 403, 404),
  },
});

const feedback = createRoute({
  method: "post",
  path: "/{id}/feedback",
  summary: "Participant: a 'Report a problem' note",
  security: PARTICIPANT,
  request: { params: sessionId, body: jsonBody(feedbackSchema) },
  responses: {
    201: json(shaped<Feedback>("The note as stored"), "Stored"),
    ...problems(...BODY_PROBLEMS, 401, 403, 404),
  },
});

const complete = createRoute({
  method: "post",
  path: "/{id}/complete",
  summary: "Participant: the session is finished (optional SUS answers)",
  security: PARTICIPANT,
  request: { params: sessionId, body: jsonBody(completeSchema) },
  responses: {
    200: json(z.object({ status: z.literal("completed") }), "Completed"),
    ...problems(...BODY_PROBLEMS, 401, 403, 404),
  },
});

/** Mounted at /api/ingest/sessions: what the recorder and task panel send. */
export const ingestRoutes = apiRouter<IngestEnv>()
  .openapi(sessionForRecorder, async (c) => {
    const detail = await c.var.deps.sessions.detail(c.var.participant.session.id);
    const session = detail?.session ?? (await currentSession(c)); // erased meanwhile: 404
    return c.json(
      {
        session: { id: session.id, status: session.status, attempts: detail?.attempts ?? [] },
        study: participantStudy(await currentStudy(c)),
      },
      200,
    );
  })
  .openapi(chunk, async (c) => {
    // Admitted on cached facts only: the hot path is the chunk's object and its index entry.
    const { session } = c.var.participant;
    const { deps } = c.var;
    const seq = Number(c.req.valid("param").seq);
    const type = c.req.header("content-type") ?? "";
    const json = /^application\/json\b/i.test(type);
    const raw = await readBodyCapped(c, json ? JSON_CHUNK_LIMIT : CHUNK_LIMITS.compressedBytes);
    const result = await storeChunk(deps, session, seq, chunkBodyToGzip(raw, type), deps.now());
    // New data, during the session or after it ended (the last page's final flush): analysed soon.
    if (result.stored) {
      deps.metrics.count("chunksStored");
      await requestAnalysis(deps, session.id, "recording");
    }
    return result.stored ? c.json({ seq, stored: true }, 201) : c.json({ seq, stored: false }, 200);
  })
  .openapi(attempt, async (c) => {
    const { deps } = c.var;
    const session = await currentSession(c);
    const study = await currentStudy(c);
    const index = Number(c.req.valid("param").taskIndex);
    const task = study.tasks[index];
    if (!Number.isInteger(index) || !task)
      throw new AppError(404, "not_found", "No such task in this study.");
    const event = c.req.valid("json");
    const stored = await recordTaskEvent(deps, session, { id: task.id, index }, event, deps.now());
    await requestAnalysis(deps, session.id, "panel");
    return c.json(stored, 200);
  })
  .openapi(feedback, async (c) => {
    const { deps } = c.var;
    const session = await currentSession(c);
    const body = c.req.valid("json");
    const feedback = { ...body, at: deps.now().toISOString() };
    await deps.attempts.putFeedback(session.id, feedback);
    await requestAnalysis(deps, session.id, "panel");
    return c.json(feedback, 201);
  })
  .openapi(complete, async (c) => {
    const { deps } = c.var;
    const session = await currentSession(c);
    const body = c.req.valid("json");
    await completeSession(deps, session, body.sus, deps.now());
    // Every call queues it (a retried /complete is cheap): analysis is idempotent.
    await analyzeSoon(deps, session.id, "complete");
    return c.json({ status: "completed" as const }, 200);
  });
