/**
 * Reviewer sign-in with the Cognito hosted UI: OAuth 2.0 authorization code + PKCE (S256),
 * no client secret. Browser-compatible (Web Crypto, fetch, URLSearchParams); storage and fetch
 * are passed in so the flow runs the same in tests.
 */

export interface SignInConfig {
  /** Hosted UI base, e.g. https://frictionmap-prod-123.auth.eu-west-1.amazoncognito.com */
  authBase: string;
  clientId: string;
  /** Must equal a callback URL of the app client, e.g. https://app.example.com/auth/callback */
  redirectUri: string;
  scopes?: string[];
}

export interface Tokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

/** The part of sessionStorage the flow uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const PENDING_KEY = "frictionmap.signin";
const DEFAULT_SCOPES = ["openid", "email", "profile"];

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(byteLength: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** RFC 7636 code verifier: 32 random bytes → 43 characters of [A-Za-z0-9-_]. */
export function createCodeVerifier(): string {
  return randomString(32);
}

/** S256 challenge: base64url(SHA-256(verifier)). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function authorizeUrl(cfg: SignInConfig, challenge: string, state: string): string {
  const url = new URL("/oauth2/authorize", cfg.authBase);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: (cfg.scopes ?? DEFAULT_SCOPES).join(" "),
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** Starts sign-in: keeps verifier and state for the callback, returns where to send the browser. */
export async function beginSignIn(cfg: SignInConfig, store: KeyValueStore): Promise<string> {
  const verifier = createCodeVerifier();
  const state = randomString(16);
  store.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  return authorizeUrl(cfg, await codeChallengeS256(verifier), state);
}

export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInError";
  }
}

/** Trades an authorization code for tokens at the hosted UI's token endpoint. */
export async function exchangeCode(
  cfg: SignInConfig,
  code: string,
  verifier: string,
  fetchImpl: Fetch = fetch,
  now: () => number = Date.now,
): Promise<Tokens> {
  const res = await fetchImpl(new URL("/oauth2/token", cfg.authBase).toString(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: cfg.clientId,
      code,
      redirect_uri: cfg.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof body.access_token !== "string") {
    throw new SignInError(`sign-in failed: ${String(body.error ?? res.status)}`);
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    ...(typeof body.id_token === "string" ? { idToken: body.id_token } : {}),
    ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
    expiresAt: now() + expiresIn * 1000,
  };
}

/** Finishes sign-in on the callback URL: checks state (CSRF), then exchanges the code once. */
export async function completeSignIn(
  cfg: SignInConfig,
  callbackUrl: string,
  store: KeyValueStore,
  fetchImpl: Fetch = fetch,
): Promise<Tokens> {
  const params = new URL(callbackUrl).searchParams;
  const pendingRaw = store.getItem(PENDING_KEY);
  store.removeItem(PENDING_KEY);
  if (params.get("error")) throw new SignInError(`sign-in failed: ${params.get("error")}`);
  const pending = pendingRaw ? (JSON.parse(pendingRaw) as { verifier?: string; state?: string }) : {};
  const code = params.get("code");
  if (!code || !pending.verifier || !pending.state || params.get("state") !== pending.state) {
    throw new SignInError("sign-in callback does not match a sign-in started here");
  }
  return exchangeCode(cfg, code, pending.verifier, fetchImpl);
}

/** True when the access token is expired or will be within `skewMs` (refresh or sign in again). */
export function isExpired(
  tokens: Pick<Tokens, "expiresAt">,
  now: number = Date.now(),
  skewMs = 60_000,
): boolean {
  return tokens.expiresAt - skewMs <= now;
}
