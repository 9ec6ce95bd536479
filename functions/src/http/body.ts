import type { Context } from "hono";
import { AppError, invalid } from "../domain/errors";
import { parseWith, type Schema } from "../domain/schema";

export const JSON_BODY_LIMIT = 256 * 1024;

/** Reads at most `limit` bytes of the request body, refusing larger ones with 413. */
export async function readBodyCapped(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

const tooLarge = (limit: number) =>
  new AppError(413, "payload_too_large", `The body is larger than ${limit} bytes.`);

/** A JSON body: 415 unless it says JSON, 413 over the cap, 400 if it does not parse or fit. */
export async function readJson<T>(
  c: Context,
  schema: Schema<T> | ((body: unknown) => Schema<T>),
): Promise<T> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const bytes = await readBodyCapped(c, JSON_BODY_LIMIT);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError(400, "malformed_json", "The body is not valid JSON.");
  }
  const s = typeof schema === "function" ? schema(body) : schema;
  const result = parseWith(s, body);
  if (!result.ok) throw invalid("The body has invalid fields.", result.issues);
  return result.value;
}

/** Like readJson, but a request with no body at all reads as `{}` (the body is optional). */
export async function readOptionalJson<T>(c: Context, schema: Schema<T>): Promise<T> {
  const length = c.req.header("content-length");
  const noBody = !c.req.header("content-type") && (length === undefined || length === "0") && !c.req.raw.body;
  if (noBody || length === "0") {
    const result = parseWith(schema, {});
    if (!result.ok) throw invalid("The body has invalid fields.", result.issues);
    return result.value;
  }
  return readJson(c, schema);
}
