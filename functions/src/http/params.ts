import type { Context } from "hono";
import { AppError } from "../domain/errors";
import { type IdKind, isId } from "../domain/ids";
import type { PageRequest } from "../ports";

/** A path id of the given kind; anything else (path characters included) is a 400. */
export function idParam(c: Context, kind: IdKind, name = "id"): string {
  const id = c.req.param(name) ?? "";
  if (!isId(kind, id)) {
    throw new AppError(400, "invalid_id", `'${id.slice(0, 80)}' is not a valid ${kind} id.`);
  }
  return id;
}

export function pageParams(c: Context): PageRequest {
  const rawLimit = c.req.query("limit");
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new AppError(400, "invalid_request", "limit must be a whole number from 1 to 200.", [
      { path: "limit", message: "must be between 1 and 200" },
    ]);
  }
  const cursor = c.req.query("cursor");
  return cursor ? { limit, cursor } : { limit };
}
