/**
 * A small schema toolkit: one definition validates untrusted input (collecting every
 * problem with its path) and describes itself as JSON Schema for the OpenAPI document.
 * Pure: no I/O, no framework.
 */

export interface Issue {
  path: string;
  message: string;
}

export type JsonSchema = Record<string, unknown>;

export interface Schema<T> {
  /** Returns the parsed value, or undefined after pushing at least one issue. */
  parse(value: unknown, path: string, issues: Issue[]): T | undefined;
  json: JsonSchema;
  optional?: boolean;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { optional: true } ? never : K;
}[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

const at = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function str(opts: {
  min?: number;
  max: number;
  pattern?: RegExp;
  patternHint?: string;
  trim?: boolean;
}): Schema<string> {
  const min = opts.min ?? 0;
  return {
    json: {
      type: "string",
      minLength: min,
      maxLength: opts.max,
      ...(opts.pattern ? { pattern: opts.pattern.source } : {}),
    },
    parse(v, path, issues) {
      if (typeof v !== "string") {
        issues.push({ path, message: `expected a string, got ${typeName(v)}` });
        return undefined;
      }
      const s = opts.trim === false ? v : v.trim();
      if (s.length < min) {
        issues.push({
          path,
          message: min === 1 ? "must not be empty" : `must be at least ${min} characters`,
        });
        return undefined;
      }
      if (s.length > opts.max) {
        issues.push({ path, message: `must be at most ${opts.max} characters` });
        return undefined;
      }
      if (opts.pattern && !opts.pattern.test(s)) {
        issues.push({ path, message: opts.patternHint ?? `must match ${opts.pattern.source}` });
        return undefined;
      }
      return s;
    },
  };
}

export function int(opts: { min: number; max: number }): Schema<number> {
  return {
    json: { type: "integer", minimum: opts.min, maximum: opts.max },
    parse(v, path, issues) {
      if (typeof v !== "number" || !Number.isInteger(v)) {
        issues.push({ path, message: `expected an integer, got ${typeName(v)}` });
        return undefined;
      }
      if (v < opts.min || v > opts.max) {
        issues.push({ path, message: `must be between ${opts.min} and ${opts.max}` });
        return undefined;
      }
      return v;
    },
  };
}

export function num(opts: { min: number; max: number }): Schema<number> {
  return {
    json: { type: "number", minimum: opts.min, maximum: opts.max },
    parse(v, path, issues) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        issues.push({ path, message: `expected a number, got ${typeName(v)}` });
        return undefined;
      }
      if (v < opts.min || v > opts.max) {
        issues.push({ path, message: `must be between ${opts.min} and ${opts.max}` });
        return undefined;
      }
      return v;
    },
  };
}

export function bool(): Schema<boolean> {
  return {
    json: { type: "boolean" },
    parse(v, path, issues) {
      if (typeof v !== "boolean") {
        issues.push({ path, message: `expected true or false, got ${typeName(v)}` });
        return undefined;
      }
      return v;
    },
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return {
    json: { type: "string", enum: [...values] },
    parse(v, path, issues) {
      if (typeof v !== "string" || !values.includes(v)) {
        issues.push({ path, message: `must be one of: ${values.join(", ")}` });
        return undefined;
      }
      return v as T[number];
    },
  };
}

export function literal<const T extends string | boolean>(value: T): Schema<T> {
  return {
    json: { const: value },
    parse(v, path, issues) {
      if (v !== value) {
        issues.push({ path, message: `must be ${JSON.stringify(value)}` });
        return undefined;
      }
      return value;
    },
  };
}

export function arr<T>(item: Schema<T>, opts: { min?: number; max: number }): Schema<T[]> {
  const min = opts.min ?? 0;
  return {
    json: { type: "array", items: item.json, minItems: min, maxItems: opts.max },
    parse(v, path, issues) {
      if (!Array.isArray(v)) {
        issues.push({ path, message: `expected an array, got ${typeName(v)}` });
        return undefined;
      }
      if (v.length < min || v.length > opts.max) {
        issues.push({ path, message: `must have between ${min} and ${opts.max} items` });
        return undefined;
      }
      const out: T[] = [];
      let ok = true;
      v.forEach((entry, i) => {
        const parsed = item.parse(entry, at(path, i), issues);
        if (parsed === undefined) ok = false;
        else out.push(parsed);
      });
      return ok ? out : undefined;
    },
  };
}

export function optional<T>(schema: Schema<T>): Schema<T> & { optional: true } {
  return { ...schema, optional: true };
}

/** The same shape with every field optional (for PATCH bodies). */
export function partial<S extends Shape>(shape: S): { [K in keyof S]: S[K] & { optional: true } } {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, optional(v)])) as {
    [K in keyof S]: S[K] & { optional: true };
  };
}

export interface ObjOptions {
  /** Keys the server manages (id, createdAt…): accepted in input and ignored. */
  ignore?: readonly string[];
  description?: string;
}

export function obj<S extends Shape>(shape: S, opts: ObjOptions = {}): Schema<InferShape<S>> {
  const keys = Object.keys(shape);
  const required = keys.filter((k) => !shape[k]?.optional);
  const ignored = new Set(opts.ignore ?? []);
  return {
    json: {
      type: "object",
      ...(opts.description ? { description: opts.description } : {}),
      properties: Object.fromEntries(keys.map((k) => [k, shape[k]?.json])),
      required,
      additionalProperties: false,
    },
    parse(v, path, issues) {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        issues.push({ path, message: `expected an object, got ${typeName(v)}` });
        return undefined;
      }
      const input = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const key of Object.keys(input)) {
        if (!(key in shape) && !ignored.has(key)) {
          issues.push({ path: at(path, key), message: "unknown field" });
          ok = false;
        }
      }
      for (const key of keys) {
        const schema = shape[key] as Schema<unknown>;
        const value = input[key];
        if (value === undefined || (value === null && schema.optional)) {
          if (!schema.optional) {
            issues.push({ path: at(path, key), message: "is required" });
            ok = false;
          }
          continue;
        }
        const parsed = schema.parse(value, at(path, key), issues);
        if (parsed === undefined) ok = false;
        else out[key] = parsed;
      }
      return ok ? (out as InferShape<S>) : undefined;
    },
  };
}

/** A union told apart by a string field (`type` in match rules). */
export function tagged<K extends string, M extends Record<string, Schema<unknown>>>(
  key: K,
  variants: M,
): Schema<Infer<M[keyof M]>> {
  const names = Object.keys(variants);
  return {
    json: { oneOf: names.map((n) => variants[n]?.json), discriminator: { propertyName: key } },
    parse(v, path, issues) {
      const tag = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
      const variant = typeof tag === "string" ? variants[tag] : undefined;
      if (!variant) {
        issues.push({ path: at(path, key), message: `must be one of: ${names.join(", ")}` });
        return undefined;
      }
      return variant.parse(v, path, issues) as Infer<M[keyof M]> | undefined;
    },
  };
}

/** Adds a check that runs after the shape parsed; it returns the problems found, if any. */
export function refine<T>(schema: Schema<T>, check: (value: T) => Issue[] | undefined): Schema<T> {
  return {
    ...schema,
    parse(v, path, issues) {
      const parsed = schema.parse(v, path, issues);
      if (parsed === undefined) return undefined;
      const problems = check(parsed);
      if (problems && problems.length > 0) {
        for (const p of problems) {
          issues.push({ path: p.path ? at(path, p.path) : path, message: p.message });
        }
        return undefined;
      }
      return parsed;
    },
  };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function parseWith<T>(schema: Schema<T>, value: unknown): ParseResult<T> {
  const issues: Issue[] = [];
  const parsed = schema.parse(value, "", issues);
  if (parsed === undefined || issues.length > 0) {
    return { ok: false, issues: issues.length ? issues : [{ path: "", message: "invalid" }] };
  }
  return { ok: true, value: parsed };
}
