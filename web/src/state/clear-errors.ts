import { ApiError } from "../api/client";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The error left once the reviewer has changed some fields: a message about a field (or, in
 * a list, about the item) that changed is gone, so it never stays after it was fixed; the
 * next save checks everything again. Null when nothing is left to say.
 */
export function withoutEdited<T extends object>(
  error: ApiError | null,
  before: T,
  after: T,
): ApiError | null {
  if (!error || error.details.length === 0) return error;
  const edited = (path: string) => {
    const [, key, index] = /^([^.[]+)(?:\[(\d+)\])?/.exec(path) ?? [];
    if (!key) return false;
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (index !== undefined && Array.isArray(a) && Array.isArray(b))
      return !same(a[Number(index)], b[Number(index)]);
    return !same(a, b);
  };
  const left = error.details.filter((d) => !edited(d.path));
  if (left.length === error.details.length) return error;
  return left.length ? new ApiError(error.status, error.code, error.message, left) : null;
}
