import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwtAuth } from "../../functions/src/adapters/jwt-auth";
import { adminTokenAuth, anyOf } from "../../functions/src/adapters/token-auth";
import type { Authenticator } from "../../functions/src/ports";
import { startTestIssuer, type TestIssuer } from "../setup/oidc-issuer";

describe("jwtAuth: Cognito access tokens verified against a local OIDC issuer", () => {
  let idp: TestIssuer;
  let auth: Authenticator;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    idp = await startTestIssuer();
    auth = jwtAuth({ issuer: idp.issuer, clientId: idp.clientId });
  });
  afterAll(async () => idp?.stop());

  it("accepts a valid access token and names the user", async () => {
    expect(await auth.verify(idp.token())).toEqual({
      id: "8f1c2d3e-0000-4000-8000-000000000001",
      name: "alice",
    });
  });

  it("fetches the key set once and reuses it", async () => {
    const before = idp.jwksRequests();
    for (let i = 0; i < 5; i++) expect(await auth.verify(idp.token())).toBeDefined();
    expect(idp.jwksRequests()).toBe(before);
  });

  it("rejects a token signed by another key under the same kid", async () => {
    expect(await auth.verify(idp.token({}, { key: idp.strangerKey }))).toBeUndefined();
  });

  it("rejects a token whose payload was changed after signing", async () => {
    const [h, , s] = idp.token().split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "mallory", iss: idp.issuer })).toString("base64url");
    expect(await auth.verify(`${h}.${forged}.${s}`)).toBeUndefined();
  });

  it("rejects a wrong issuer", async () => {
    expect(
      await auth.verify(idp.token({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/other" })),
    ).toBeUndefined();
  });

  it("rejects expired tokens beyond the clock skew, accepts within it", async () => {
    expect(await auth.verify(idp.token({ exp: now() - 120 }))).toBeUndefined();
    expect(await auth.verify(idp.token({ exp: now() - 10 }))).toBeDefined();
    expect(await auth.verify(idp.token({ exp: undefined }))).toBeUndefined();
  });

  it("rejects tokens not valid yet", async () => {
    expect(await auth.verify(idp.token({ nbf: now() + 600 }))).toBeUndefined();
    expect(await auth.verify(idp.token({ iat: now() + 600 }))).toBeUndefined();
  });

  it("rejects another app client's token", async () => {
    expect(await auth.verify(idp.token({ client_id: "someone-else" }))).toBeUndefined();
  });

  it("rejects an id token in place of an access token", async () => {
    const id = idp.token({ token_use: "id", aud: idp.clientId, client_id: undefined });
    expect(await auth.verify(id)).toBeUndefined();
    expect(await auth.verify(idp.token({ token_use: "id" }))).toBeUndefined();
  });

  it("rejects an unknown kid after one refetch, and does not refetch again within the cooldown", async () => {
    const fresh = jwtAuth({ issuer: idp.issuer, clientId: idp.clientId });
    expect(await fresh.verify(idp.token())).toBeDefined();
    const before = idp.jwksRequests();
    expect(await fresh.verify(idp.token({}, { kid: "rotated-away" }))).toBeUndefined();
    expect(await fresh.verify(idp.token({}, { kid: "rotated-away" }))).toBeUndefined();
    expect(idp.jwksRequests()).toBe(before); // first fetch was just now: within the cooldown
    const later = jwtAuth({ issuer: idp.issuer, clientId: idp.clientId, refetchCooldownMs: 0 });
    await later.verify(idp.token());
    const b2 = idp.jwksRequests();
    expect(await later.verify(idp.token({}, { kid: "rotated-away" }))).toBeUndefined();
    expect(idp.jwksRequests()).toBe(b2 + 1);
  });

  it("rejects other algorithms and malformed tokens without fetching keys", async () => {
    const [, p] = idp.token().split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: idp.kid })).toString("base64url")}.${p}.`;
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", kid: idp.kid })).toString("base64url")}.${p}.c2ln`;
    for (const bad of [none, hs, "", "a.b", "a.b.c.d", "%%%.x.y", idp.token().replace(/\.[^.]*$/, ".***")]) {
      expect(await auth.verify(bad)).toBeUndefined();
    }
  });

  it("throws (→ 500) when the issuer's key set cannot be fetched", async () => {
    const down = jwtAuth({ issuer: "http://127.0.0.1:9/nowhere", clientId: idp.clientId });
    await expect(down.verify(idp.token())).rejects.toThrow();
  });

  it("combines with the admin token: either one is a reviewer", async () => {
    const both = anyOf(adminTokenAuth("automation-token-0123456789"), auth);
    expect(await both.verify("automation-token-0123456789")).toMatchObject({ id: "admin" });
    expect(await both.verify(idp.token())).toMatchObject({ name: "alice" });
    expect(await both.verify("nope")).toBeUndefined();
  });
});
