import { createHash, timingSafeEqual } from "node:crypto";
import type { Authenticator, Principal } from "../ports";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The bootstrap admin token: compared in constant time. */
export function adminTokenAuth(adminToken: string): Authenticator {
  if (adminToken.length < 16) throw new Error("the admin token must be at least 16 characters");
  const expected = digest(adminToken);
  const admin: Principal = { id: "admin", name: "Admin" };
  return {
    async verify(token) {
      return timingSafeEqual(digest(token), expected) ? admin : undefined;
    },
  };
}

/** Tries each authenticator in turn (admin token, then Cognito JWTs in AWS). */
export function anyOf(...auths: Authenticator[]): Authenticator {
  return {
    async verify(token) {
      for (const a of auths) {
        const p = await a.verify(token);
        if (p) return p;
      }
      return undefined;
    },
  };
}
