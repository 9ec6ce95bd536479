import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtAuth } from "../../functions/src/adapters/jwt-auth";
import {
  authorizeUrl,
  beginSignIn,
  codeChallengeS256,
  completeSignIn,
  createCodeVerifier,
  exchangeCode,
  isExpired,
  type KeyValueStore,
  SignInError,
} from "../../web/src/api/auth-pkce";
import { startTestIssuer, type TestIssuer } from "../setup/oidc-issuer";

function memoryStore(): KeyValueStore & { size(): number } {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    size: () => m.size,
  };
}

describe("reviewer sign-in: authorization code + PKCE against a local OIDC issuer", () => {
  let idp: TestIssuer;
  let cfg: { authBase: string; clientId: string; redirectUri: string };

  beforeAll(async () => {
    idp = await startTestIssuer("reviewer-client");
    cfg = {
      authBase: idp.issuer,
      clientId: idp.clientId,
      redirectUri: "https://app.example.test/auth/callback",
    };
  });
  afterAll(async () => idp?.stop());

  /** What the browser does: follow /oauth2/authorize to the redirect with the code. */
  async function authorize(url: string): Promise<string> {
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    return res.headers.get("location") ?? "";
  }

  it("makes RFC 7636 verifiers and S256 challenges", async () => {
    const v = createCodeVerifier();
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createCodeVerifier()).not.toBe(v);
    expect(await codeChallengeS256(v)).toBe(createHash("sha256").update(v).digest("base64url"));
    // RFC 7636 appendix B
    expect(await codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("builds the authorize URL the hosted UI expects", () => {
    const u = new URL(authorizeUrl(cfg, "chal", "st"));
    expect(u.origin + u.pathname).toBe(`${idp.issuer}/oauth2/authorize`);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: "code",
      client_id: "reviewer-client",
      redirect_uri: cfg.redirectUri,
      scope: "openid email profile",
      state: "st",
      code_challenge: "chal",
      code_challenge_method: "S256",
    });
  });

  it("signs in end to end and gets an access token the API accepts", async () => {
    const store = memoryStore();
    const callback = await authorize(await beginSignIn(cfg, store));
    expect(callback.startsWith(cfg.redirectUri)).toBe(true);
    const tokens = await completeSignIn(cfg, callback, store);
    expect(store.size()).toBe(0);
    expect(tokens.refreshToken).toBeTruthy();
    expect(isExpired(tokens)).toBe(false);
    const api = jwtAuth({ issuer: idp.issuer, clientId: idp.clientId });
    expect(await api.verify(tokens.accessToken)).toMatchObject({ name: "alice" });
    expect(await api.verify(tokens.idToken ?? "")).toBeUndefined();
  });

  it("the token endpoint refuses a wrong code_verifier", async () => {
    const store = memoryStore();
    const callback = await authorize(await beginSignIn(cfg, store));
    const code = new URL(callback).searchParams.get("code") ?? "";
    await expect(exchangeCode(cfg, code, createCodeVerifier())).rejects.toThrow(/invalid_grant/);
  });

  it("a code works once", async () => {
    const store = memoryStore();
    const callback = await authorize(await beginSignIn(cfg, store));
    const pending = JSON.parse(store.getItem("frictionmap.signin") ?? "{}");
    await completeSignIn(cfg, callback, store);
    const code = new URL(callback).searchParams.get("code") ?? "";
    await expect(exchangeCode(cfg, code, pending.verifier)).rejects.toThrow(SignInError);
  });

  it("refuses a callback whose state was not started here (CSRF)", async () => {
    const store = memoryStore();
    const callback = await authorize(await beginSignIn(cfg, store));
    const tampered = new URL(callback);
    tampered.searchParams.set("state", "attacker");
    await expect(completeSignIn(cfg, tampered.toString(), store)).rejects.toThrow(/does not match/);
    await expect(completeSignIn(cfg, callback, memoryStore())).rejects.toThrow(/does not match/);
  });

  it("reports an error the hosted UI sent back", async () => {
    const store = memoryStore();
    await beginSignIn(cfg, store);
    await expect(completeSignIn(cfg, `${cfg.redirectUri}?error=access_denied`, store)).rejects.toThrow(
      /access_denied/,
    );
  });

  it("treats a token as expired a minute early", () => {
    expect(isExpired({ expiresAt: 1_000_000 }, 1_000_000 - 61_000)).toBe(false);
    expect(isExpired({ expiresAt: 1_000_000 }, 1_000_000 - 59_000)).toBe(true);
  });
});
