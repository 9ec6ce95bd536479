import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { hashToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import { isId } from "../domain/ids";
import type { Session } from "../domain/session";
import type { Study } from "../domain/study";
import type { AppEnv } from "./env";

/** What participant routes read: the session their token opened, and its study. */
export type IngestEnv = AppEnv & { Variables: { session: Session; study: Study } };

function sameToken(given: string, expectedHash: string): boolean {
  const a = Buffer.from(hashToken(given), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Participant routes: the session must exist, the request must come from one of its
 * study's origins (CORS, preflight included), and carry that session's own token.
 * Returns the preflight answer, or undefined once the session is on the context.
 */
export async function admitParticipant(c: Context<AppEnv>, id: string): Promise<Response | undefined> {
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
  (c as unknown as Context<IngestEnv>).set("session", session);
  (c as unknown as Context<IngestEnv>).set("study", study);
  return undefined;
}
