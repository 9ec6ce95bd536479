import type { Issue } from "./validation";

/** Every error the API answers with: `{"error":{"code","message","details"?}}`. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: Issue[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalid = (message: string, details?: Issue[]) =>
  new AppError(400, "invalid_request", message, details);

export const notFound = (what: string, id: string) =>
  new AppError(404, "not_found", `No ${what} with id '${id}'.`);

export const conflict = (message: string) => new AppError(409, "conflict", message);
