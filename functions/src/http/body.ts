import type { Context } from "hono";
import { AppError } from "../domain/errors";

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

/**
 * A JSON body, read before the route's schema sees it: 415 unless it says JSON, 413 over the
 * cap, 400 if it is not JSON. The text is left in hono's body cache for the validator.
 */
export async function preReadJson(c: Context): Promise<void> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const bytes = await readBodyCapped(c, JSON_BODY_LIMIT);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    JSON.parse(text);
  } catch {
    throw new AppError(400, "malformed_json", "The body is not valid JSON.");
  }
  // hono keeps the body as a promise under its type's name.
  c.req.bodyCache.text = Promise.resolve(text) as unknown as string;
}
