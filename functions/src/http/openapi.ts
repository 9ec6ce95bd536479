/**
 * Building blocks of route declarations (createRoute): bodies, responses, the error shape,
 * path ids and paging. A route says who may call it with `security`: left out, it is a
 * reviewer route; `security: PUBLIC` or `security: PARTICIPANT` opens it (see route-access).
 */
import { z } from "@hono/zod-openapi";
import { ID_PREFIX, type IdKind, isId } from "../domain/ids";

/** Anyone may call it. */
export const PUBLIC = [] as { [scheme: string]: string[] }[];
/** A participant's own session token, checked with the study's origins (CORS). */
export const PARTICIPANT = [{ participant: [] }] as { [scheme: string]: string[] }[];

export const SECURITY_SCHEMES = {
  bearer: { type: "http", scheme: "bearer", description: "Reviewer token (admin token or Cognito)" },
  participant: { type: "http", scheme: "bearer", description: "The session token a consent returned" },
} as const;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const PROBLEMS = {
  400: "Malformed JSON, invalid fields or parameters (details name each)",
  401: "Missing or invalid bearer token",
  403: "Not allowed from this origin",
  404: "No such resource",
  409: "Conflicts with the resource's state",
  410: "No longer available",
  413: "Body over the size cap",
  415: "Body not sent as application/json",
} as const;
type Problem = keyof typeof PROBLEMS;
type ErrorResponse = { description: string; content: { "application/json": { schema: typeof ErrorSchema } } };

/** Error responses of a route, all in the one error shape. */
export function problems<const S extends readonly Problem[]>(
  ...statuses: S
): { [K in S[number]]: ErrorResponse } {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: PROBLEMS[s], content: { "application/json": { schema: ErrorSchema } } },
    ]),
  ) as { [K in S[number]]: ErrorResponse };
}

/** The errors any JSON body can meet before its fields are read. */
export const BODY_PROBLEMS = [400, 413, 415] as const;

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true as const,
  ...(description ? { description } : {}),
  content: { "application/json": { schema } },
});

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const NO_CONTENT = { description: "Done, no content" } as const;

/**
 * A response body typed by the domain's own type (what the handler returns); documented
 * as an object. Used where the domain type is the definition (sessions, reports).
 */
export const shaped = <T>(description: string) =>
  z.custom<T>(() => true).openapi({ type: "object", description });

/** Path parameters: an id of the given kind; anything else is 400 invalid_id. */
/** One path parameter holding an id of that kind (a malformed one answers 400 invalid_id). */
export const idParam = (kind: IdKind) =>
  z
    .string()
    .refine((v) => isId(kind, v), {
      error: (iss) => `'${String(iss.input).slice(0, 80)}' is not a valid ${kind} id.`,
    })
    .openapi({ description: `A ${kind} id`, example: `${ID_PREFIX[kind]}_…` });

export function idParams(kind: IdKind) {
  return z.object({ id: idParam(kind) });
}

const wholeNumber = (name: string, min: number, max: number, message: string) =>
  z
    .string()
    .refine((v) => /^\d{1,12}$/.test(v) && Number(v) >= min && Number(v) <= max, { error: message })
    .transform(Number)
    .openapi({ type: "integer", minimum: min, maximum: max, description: name });

/** A whole-number query parameter; the message names its range. */
export const numberQuery = (name: string, min: number, max: number, message?: string) =>
  wholeNumber(name, min, max, message ?? `must be a whole number from ${min} to ${max}`);

/** `?limit=&cursor=` of every listing. */
export const pageQuery = z.object({
  limit: numberQuery("limit", 1, 200).optional(),
  cursor: z.string().max(2000).optional(),
});

/** The page request of a listing: 50 unless asked. */
export const toPage = (q: z.output<typeof pageQuery>) =>
  q.cursor ? { limit: q.limit ?? 50, cursor: q.cursor } : { limit: q.limit ?? 50 };

/** A page of a listing. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
