/**
 * The API's input rules as zod schemas, with the API's own wording: one definition
 * validates untrusted input (every problem with its path) and is the OpenAPI document's
 * description of it. Pure: zod only, no framework.
 */
import { z } from "zod";

export interface Issue {
  path: string;
  message: string;
}

type Segment = PropertyKey;

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** `tasks[0].steps[1].id` from zod's `["tasks", 0, "steps", 1, "id"]`. */
export function formatPath(path: readonly Segment[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** The message for a value of the wrong type, or for a missing one. */
const expected =
  (what: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? "is required" : `expected ${what}, got ${typeName(iss.input)}`;

export function text(opts: { min?: number; max: number; pattern?: RegExp; hint?: string; trim?: boolean }) {
  const min = opts.min ?? 0;
  let s = z.string({ error: expected("a string") });
  if (opts.trim !== false) s = s.trim();
  if (min > 0) {
    s = s.min(min, { error: min === 1 ? "must not be empty" : `must be at least ${min} characters` });
  }
  s = s.max(opts.max, { error: `must be at most ${opts.max} characters` });
  if (opts.pattern) s = s.regex(opts.pattern, { error: opts.hint ?? `must match ${opts.pattern.source}` });
  return s;
}

export function int(opts: { min: number; max: number }) {
  const range = `must be between ${opts.min} and ${opts.max}`;
  return z
    .int({ error: expected("an integer") })
    .min(opts.min, { error: range })
    .max(opts.max, { error: range });
}

export function num(opts: { min: number; max: number }) {
  const range = `must be between ${opts.min} and ${opts.max}`;
  return z
    .number({ error: expected("a number") })
    .min(opts.min, { error: range })
    .max(opts.max, { error: range });
}

export const bool = () => z.boolean({ error: expected("true or false") });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const message = `must be one of: ${values.join(", ")}`;
  return z.enum(values, { error: (iss) => (iss.input === undefined ? "is required" : message) });
}

export function literal<const T extends string | boolean>(value: T) {
  const message = `must be ${JSON.stringify(value)}`;
  return z.literal(value, { error: (iss) => (iss.input === undefined ? "is required" : message) });
}

export function list<T extends z.ZodType>(item: T, opts: { min?: number; max: number }) {
  const min = opts.min ?? 0;
  const count = `must have between ${min} and ${opts.max} items`;
  return z
    .array(item, { error: expected("an array") })
    .min(min, { error: count })
    .max(opts.max, { error: count });
}

/** An optional field: absent or null both mean "not given". */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

type Shape = Record<string, z.ZodType>;
/** Null means absent: the parsed object never holds a null where an optional field was. */
type Cleaned<T> = { [K in keyof T]: Exclude<T[K], null> } & {};

/** Every field of a shape made optional (PATCH bodies). */
export function optionalAll<S extends Shape>(shape: S) {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.nullish()])) as {
    [K in keyof S]: z.ZodOptional<z.ZodNullable<S[K]>>;
  };
}

export interface RecordOptions {
  /** Keys the server manages (id, createdAt…): accepted in input and dropped. */
  ignore?: readonly string[];
  description?: string;
}

/**
 * An object that refuses unknown fields. Server-managed fields in `ignore` are accepted
 * and dropped, and so are optional fields sent as null.
 */
export function record<S extends Shape>(shape: S, opts: RecordOptions = {}) {
  const ignored = new Set(opts.ignore ?? []);
  const serverFields = Object.fromEntries(
    [...ignored].map((k) => [k, z.unknown().optional().meta({ description: "Set by the server; ignored" })]),
  );
  const base = z.strictObject({ ...shape, ...serverFields } as S, { error: expected("an object") });
  const described = opts.description ? base.meta({ description: opts.description }) : base;
  return described.transform((value) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!ignored.has(k) && v !== null && v !== undefined) out[k] = v;
    }
    return out as Cleaned<z.output<typeof base>>;
  });
}

/** An object of fixed fields only (no null-as-absent clean-up): match rules, union variants. */
export const strict = <S extends Shape>(shape: S) => z.strictObject(shape, { error: expected("an object") });

/** A union told apart by a literal field (`type` in match rules, `open` in invites). */
export function tagged<const K extends string, const V extends readonly [z.ZodObject, ...z.ZodObject[]]>(
  key: K,
  variants: V,
) {
  const names = variants.flatMap((v) => [...((v.shape[key] as z.ZodLiteral)?.values ?? [])]);
  const message = `must be one of: ${names.join(", ")}`;
  return z.discriminatedUnion(key, [...variants], {
    error: (iss) => (iss.code === "invalid_union" ? message : expected("an object")(iss)),
  });
}

/** zod's issues in the API's shape: one per path, unknown fields one by one. */
export function issuesOf(error: z.ZodError): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  const push = (path: string, message: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, message });
  };
  for (const iss of error.issues) {
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) push(formatPath([...iss.path, key]), "unknown field");
    } else {
      push(formatPath(iss.path), iss.message);
    }
  }
  return out.length ? out : [{ path: "", message: "invalid" }];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Parses untrusted input with a schema, giving the value or every problem found. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: issuesOf(result.error) };
}
