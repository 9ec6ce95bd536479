import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { AppError, invalid } from "../domain/errors";
import { issuesOf } from "../domain/validation";
import { BadCursor } from "../ports";
import type { AppEnv } from "./env";

export function errorBody(err: AppError) {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details?.length ? { details: err.details } : {}),
    },
  };
}

/** Turns anything thrown into the API's one error shape; unexpected errors are logged. */
export function toErrorResponse(err: unknown, c: Context<AppEnv>) {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof BadCursor)
    appError = new AppError(400, "invalid_cursor", "The cursor is not valid.");
  else if (err instanceof HTTPException && err.status === 415) {
    appError = new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  } else if (err instanceof HTTPException && err.status < 500) {
    appError = new AppError(err.status as 400, "http_error", err.message || "Bad request.");
  } else {
    c.var.deps?.log({
      level: "error",
      msg: "unhandled error",
      requestId: c.var.requestId,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    appError = new AppError(500, "internal", `Something went wrong. Request id: ${c.var.requestId}.`);
  }
  if (appError.status === 401) c.header("WWW-Authenticate", 'Bearer realm="frictionmap"');
  return c.json(errorBody(appError), appError.status);
}

/**
 * Every route's validation failure (the OpenAPIHono defaultHook): path ids are 400
 * invalid_id, query parameters and bodies 400 invalid_request naming each field.
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
): undefined {
  if (result.success) return undefined;
  const issues = issuesOf(result.error);
  const first = issues[0] ?? { path: "", message: "invalid" };
  if (result.target === "param") throw new AppError(400, "invalid_id", first.message);
  if (result.target === "json") throw invalid("The body has invalid fields.", issues);
  throw invalid(`${first.path} ${first.message}.`, issues);
}
