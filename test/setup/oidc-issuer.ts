import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for a Cognito user pool, for tests only: RS256 keys made here, the JWKS at
 * {issuer}/.well-known/jwks.json, and the hosted UI's /oauth2/authorize (signs "alice" in at
 * once and redirects with a code) and /oauth2/token (checks the PKCE code_verifier).
 * Listens on 127.0.0.1, on a port picked at run time.
 */
export interface TestIssuer {
  /** Base URL; also the `iss` of its tokens. */
  issuer: string;
  clientId: string;
  kid: string;
  /** A signed JWT with the given claims (defaults: a valid access token for clientId). */
  token(claims?: Record<string, unknown>, opts?: { key?: KeyObject; kid?: string; alg?: string }): string;
  /** Another key pair, not in the JWKS. */
  strangerKey: KeyObject;
  jwksRequests(): number;
  stop(): Promise<void>;
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString("base64url");

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startTestIssuer(clientId = "test-client-id"): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `kid-${randomBytes(4).toString("hex")}`;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const codes = new Map<
    string,
    { challenge: string; method: string; redirectUri: string; clientId: string }
  >();
  let jwksHits = 0;
  let issuer = "";

  const token: TestIssuer["token"] = (claims = {}, opts = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: opts.alg ?? "RS256", kid: opts.kid ?? kid, typ: "JWT" };
    const payload = {
      sub: "8f1c2d3e-0000-4000-8000-000000000001",
      iss: issuer,
      client_id: clientId,
      token_use: "access",
      scope: "openid email profile",
      username: "alice",
      iat: now,
      exp: now + 3600,
      ...claims,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${b64url(sign("RSA-SHA256", Buffer.from(input), opts.key ?? privateKey))}`;
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/.well-known/jwks.json") {
      jwksHits++;
      return json(200, { keys: [jwk] });
    }
    if (req.method === "GET" && url.pathname === "/oauth2/authorize") {
      const q = url.searchParams;
      if (q.get("response_type") !== "code" || q.get("client_id") !== clientId) {
        return json(400, { error: "invalid_request" });
      }
      const challenge = q.get("code_challenge");
      const redirectUri = q.get("redirect_uri");
      if (!challenge || q.get("code_challenge_method") !== "S256" || !redirectUri) {
        return json(400, { error: "invalid_request", error_description: "PKCE S256 is required" });
      }
      const code = randomBytes(16).toString("hex");
      codes.set(code, { challenge, method: "S256", redirectUri, clientId });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      if (q.get("state")) back.searchParams.set("state", q.get("state") as string);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/oauth2/token") {
      if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
        return json(400, { error: "invalid_request" });
      }
      const form = new URLSearchParams(await readBody(req));
      const code = form.get("code") ?? "";
      const stored = codes.get(code);
      codes.delete(code); // single use
      const verifier = form.get("code_verifier") ?? "";
      const ok =
        stored &&
        form.get("grant_type") === "authorization_code" &&
        form.get("client_id") === stored.clientId &&
        form.get("redirect_uri") === stored.redirectUri &&
        b64url(createHash("sha256").update(verifier).digest()) === stored.challenge;
      if (!ok) return json(400, { error: "invalid_grant" });
      return json(200, {
        access_token: token(),
        id_token: token({ token_use: "id", aud: clientId, client_id: undefined, email: "alice@example.com" }),
        refresh_token: randomBytes(24).toString("hex"),
        token_type: "Bearer",
        expires_in: 3600,
      });
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    clientId,
    kid,
    token,
    strangerKey: stranger.privateKey,
    jwksRequests: () => jwksHits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
