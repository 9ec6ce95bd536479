import { createHash } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { ID_PREFIX, type IdKind } from "../domain/ids";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The optional `Idempotency-Key` request header of a create route. */
export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,200}$/, {
      error:
        "must be 8 to 200 letters, digits or _ . : - (a new random value per action, the same on a retry)",
    })
    .optional()
    .openapi({
      description:
        "The same key on a retried request makes nothing new: the first request's result is answered again",
    }),
});

/**
 * The id a create request with an idempotency key makes: derived from the key and what it
 * is created in, so a retried request names the same item (and stores it once).
 */
export function idempotentId(kind: IdKind, scope: string, key: string): string {
  const digest = createHash("sha256").update(`${kind}\n${scope}\n${key}`).digest();
  let out = "";
  for (let i = 0; out.length < 20; i++) out += ALPHABET[(digest[i % digest.length] ?? 0) % 62];
  return `${ID_PREFIX[kind]}_${out}`;
}
