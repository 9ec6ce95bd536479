import type { MiddlewareHandler } from "hono";
import { AppError } from "../domain/errors";
import type { Deps, Principal } from "../ports";
import type { AppEnv } from "./env";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Invite and share tokens travel in paths (`/i/{token}`, `/api/invites/{token}/accept`,
 * `/s/{token}/…`); logs never keep them. */
export function redactPath(path: string): string {
  return path.replace(/^(\/i|\/api\/invites|\/s)\/[^/]+/, "$1/[token]");
}

/** Puts the deps and a request id on the context; logs one JSON line per request. */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("deps", deps);
    await next();
    c.res.headers.set("x-request-id", requestId);
    deps.log({
      level: c.res.status >= 500 ? "error" : "info",
      msg: "request",
      requestId,
      method: c.req.method,
      path: redactPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(c.var.principal ? { principal: c.var.principal.id } : {}),
    });
  };
}

/** A reviewer's `Authorization: Bearer <token>`, checked by the deps' authenticator. */
export async function authenticateReviewer(deps: Deps, header: string | undefined): Promise<Principal> {
  const match = /^Bearer\s+(\S{1,4096})$/i.exec(header ?? "");
  if (!match?.[1]) {
    throw new AppError(401, "unauthorized", "Send a reviewer token: Authorization: Bearer <token>.");
  }
  const principal = await deps.auth.verify(match[1]);
  if (!principal) throw new AppError(401, "unauthorized", "The token is not valid or has expired.");
  return principal;
}

/** Responses to reviewers are private and never cached by a CDN. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
};
