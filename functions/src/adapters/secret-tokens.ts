import { createHash, randomBytes } from "node:crypto";

/** A bearer secret (invite link, session token): 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as this hash. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new bearer secret with the hash it is stored as. */
export function mintToken(): { token: string; tokenHash: string } {
  const token = newSecretToken();
  return { token, tokenHash: hashToken(token) };
}
