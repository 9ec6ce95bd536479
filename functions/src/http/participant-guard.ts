import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { hashToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import { isId } from "../domain/ids";
import type { Session } from "../domain/session";
import type { Study } from "../domain/study";
import type { Deps, ParticipantFacts } from "../ports";
import type { AppEnv } from "./env";

/** What participant routes start from: the facts of the session their token opened. */
export type IngestEnv = AppEnv & { Variables: { participant: ParticipantFacts } };

function sameToken(given: string, expectedHash: string): boolean {
  const a = Buffer.from(hashToken(given), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

const gone = () => new AppError(404, "not_found", "No such session (it may have been erased).");

/** A session's admission facts: from this process's cache while fresh, else from storage. */
async function factsOf(deps: Deps, id: string): Promise<ParticipantFacts> {
  const now = deps.now().getTime();
  const cached = deps.ingestCache.facts(id, now);
  if (cached) return cached;
  const session = await deps.sessions.get(id);
  const study = session ? await deps.studies.get(session.studyId) : undefined;
  if (!session || !study) {
    deps.ingestCache.forget(id);
    throw gone();
  }
  const { studyId, tokenHash, consent, retentionDays, expiresAt } = session;
  const facts: ParticipantFacts = {
    session: {
      id,
      studyId,
      tokenHash,
      consent,
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    },
    origins: study.origins,
  };
  deps.ingestCache.rememberFacts(facts, now);
  return facts;
}

/**
 * Participant routes: the session must exist, the request must come from one of its
 * study's origins (CORS, preflight included), and carry that session's own token.
 * Returns the preflight answer, or undefined once the facts are on the context. The facts
 * come from the ingest cache (services/ingest-cache.ts says why that is safe); a route that
 * needs the session's current state reads it with `currentSession`.
 */
export async function admitParticipant(c: Context<AppEnv>, id: string): Promise<Response | undefined> {
  if (!isId("session", id)) throw new AppError(400, "invalid_id", "Not a valid session id.");
  const facts = await factsOf(c.var.deps, id);
  const origin = c.req.header("origin");
  const allowed = origin !== undefined && facts.origins.includes(origin);
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
  if (!token || !sameToken(token, facts.session.tokenHash)) {
    throw new AppError(401, "unauthorized", "This session's token is missing or wrong.");
  }
  (c as unknown as Context<IngestEnv>).set("participant", facts);
  return undefined;
}

/** The admitted session as stored now (its status, attempts' state): 404 once erased. */
export async function currentSession(c: Context<IngestEnv>): Promise<Session> {
  const { deps, participant } = c.var;
  const session = await deps.sessions.get(participant.session.id);
  if (!session) {
    deps.ingestCache.forget(participant.session.id);
    throw gone();
  }
  return session;
}

/** The admitted session's study as stored now (its tasks). */
export async function currentStudy(c: Context<IngestEnv>): Promise<Study> {
  const study = await c.var.deps.studies.get(c.var.participant.session.studyId);
  if (!study) throw gone();
  return study;
}
