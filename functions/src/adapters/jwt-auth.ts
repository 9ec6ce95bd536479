import { createPublicKey, type JsonWebKey, type KeyObject, verify } from "node:crypto";
import type { Authenticator, Principal } from "../ports";

/** One key of a JSON Web Key Set, as Cognito publishes them. */
export interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

export interface JwtAuthOptions {
  /** e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123 (no trailing slash) */
  issuer: string;
  /** The app client whose access tokens are accepted. */
  clientId: string;
  /** Allowed clock difference for exp/nbf/iat, seconds. */
  clockSkewSec?: number;
  /** How long fetched keys are trusted before the set is read again, ms. */
  jwksTtlMs?: number;
  /** At most one refetch per this many ms when a token names an unknown key. */
  refetchCooldownMs?: number;
  now?: () => number;
  fetchJwks?: (url: string) => Promise<{ keys: Jwk[] }>;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (!B64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function defaultFetchJwks(url: string): Promise<{ keys: Jwk[] }> {
  const res = await fetch(url, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`JWKS ${url} answered ${res.status}`);
  const body = (await res.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error(`JWKS ${url} has no keys`);
  return { keys: body.keys as Jwk[] };
}

/** The issuer's RSA signing keys by kid, fetched on demand and cached. */
function keyCache(
  opts: Required<Pick<JwtAuthOptions, "issuer" | "jwksTtlMs" | "refetchCooldownMs">> & {
    now: () => number;
    fetchJwks: (url: string) => Promise<{ keys: Jwk[] }>;
  },
) {
  const url = `${opts.issuer}/.well-known/jwks.json`;
  let keys = new Map<string, KeyObject>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const load = async () => {
    const { keys: jwks } = await opts.fetchJwks(url);
    const next = new Map<string, KeyObject>();
    for (const jwk of jwks) {
      if (!jwk.kid || jwk.kty !== "RSA" || (jwk.use && jwk.use !== "sig")) continue;
      if (jwk.alg && jwk.alg !== "RS256") continue;
      next.set(jwk.kid, createPublicKey({ key: jwk, format: "jwk" }));
    }
    keys = next;
    fetchedAt = opts.now();
  };
  const refresh = () => {
    inFlight ??= load().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return async (kid: string): Promise<KeyObject | undefined> => {
    const age = opts.now() - fetchedAt;
    if (age > opts.jwksTtlMs) await refresh();
    else if (!keys.has(kid) && age >= opts.refetchCooldownMs) await refresh(); // keys rotated
    return keys.get(kid);
  };
}

/**
 * Reviewer sign-in in AWS: verifies Cognito access tokens (RS256 JWTs) with node:crypto
 * against the issuer's published keys. Checks the signature, `iss`, `exp`/`nbf`/`iat` with
 * a small clock skew, `token_use` = access and `client_id`. Any failure means "not a
 * reviewer" (undefined); only an unreachable key set throws, so it surfaces as a 500.
 */
export function jwtAuth(options: JwtAuthOptions): Authenticator {
  const now = options.now ?? Date.now;
  const skew = options.clockSkewSec ?? 60;
  const keyFor = keyCache({
    issuer: options.issuer,
    jwksTtlMs: options.jwksTtlMs ?? 6 * 3600_000,
    refetchCooldownMs: options.refetchCooldownMs ?? 60_000,
    now,
    fetchJwks: options.fetchJwks ?? defaultFetchJwks,
  });

  return {
    async verify(token): Promise<Principal | undefined> {
      const parts = token.split(".");
      if (parts.length !== 3) return undefined;
      const [rawHeader = "", rawPayload = "", rawSignature = ""] = parts;
      const header = decodeJson(rawHeader);
      const claims = decodeJson(rawPayload);
      if (!header || !claims || !B64URL.test(rawSignature)) return undefined;
      if (header.alg !== "RS256" || typeof header.kid !== "string") return undefined;

      const key = await keyFor(header.kid);
      if (!key) return undefined;
      const signed = Buffer.from(`${rawHeader}.${rawPayload}`);
      if (!verify("RSA-SHA256", signed, key, Buffer.from(rawSignature, "base64url"))) return undefined;

      const t = now() / 1000;
      const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
      const exp = num(claims.exp);
      if (claims.iss !== options.issuer) return undefined;
      if (claims.token_use !== "access") return undefined;
      if (claims.client_id !== options.clientId) return undefined;
      if (exp === undefined || exp + skew <= t) return undefined;
      if (claims.nbf !== undefined && (num(claims.nbf) ?? Number.POSITIVE_INFINITY) - skew > t)
        return undefined;
      if (claims.iat !== undefined && (num(claims.iat) ?? Number.POSITIVE_INFINITY) - skew > t)
        return undefined;
      if (typeof claims.sub !== "string" || claims.sub === "") return undefined;

      const name = typeof claims.username === "string" && claims.username ? claims.username : claims.sub;
      return { id: claims.sub, name };
    },
  };
}
