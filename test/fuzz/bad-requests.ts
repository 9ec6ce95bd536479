import { gzipSync } from "node:zlib";
import {
  Chooser,
  hostileEvents,
  hostileGzip,
  hostileString,
  hostileValue,
  mutate,
  nestedText,
  wrongType,
} from "./hostile-values";

/** One operation of the API, as its OpenAPI document lists it. */
export interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
}

/** What exists before the fuzz: `good` must read back unchanged, `scratch` may change. */
export interface Party {
  studyId: string;
  sessionId: string;
  sessionToken: string;
  inviteToken: string;
  annotationId: string;
  clipId: string;
  reelId: string;
  shareId: string;
  /** The share link's token (`/s/{token}`): readable without an account. */
  shareToken: string;
}

export interface FuzzTargets {
  adminToken: string;
  origin: string;
  operations: Operation[];
  good: Party;
  scratch: Party;
  /** A valid body per "METHOD /path" template; mutations start from it. */
  examples: Record<string, unknown>;
  /** Valid recording events of a scratch session. */
  events: unknown[];
  /** A share link that was revoked (its page answers 410). */
  revokedShareToken: string;
}

export interface FuzzRequest {
  /** The route template, for the figures: "PUT /api/ingest/sessions/{id}/chunks/{seq}". */
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Routes outside the API document that the platform serves. */
export const EXTRA: Operation[] = [
  { method: "GET", path: "/i/{token}", hasBody: false },
  { method: "GET", path: "/s/{share}", hasBody: false },
  { method: "GET", path: "/s/{share}/data", hasBody: false },
  { method: "GET", path: "/s/{share}/clips/{n}", hasBody: false },
  { method: "POST", path: "/s/{share}/data", hasBody: true },
  { method: "OPTIONS", path: "/api/ingest/sessions/{id}/chunks/{seq}", hasBody: false },
  { method: "GET", path: "/{any}", hasBody: false },
  { method: "POST", path: "/api/studies/{id}", hasBody: true },
];

const ID_KINDS: [RegExp, string][] = [
  [/^\/api\/clips\/\{id\}/, "cl"],
  [/^\/api\/reels\/\{id\}/, "rl"],
  [/^\/api\/shares\/\{id\}/, "sh"],
  [/^\/api\/studies\/\{id\}/, "st"],
  [/^\/api\/(ingest\/)?sessions\/\{id\}/, "se"],
  [/^\/api\/annotations\/\{id\}/, "an"],
];

/** Text as one URL path or query part (lone surrogates cannot be percent-encoded). */
const pathPart = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"));

function oddId(c: Chooser, prefix: string): string {
  return c.pick([
    () => `${prefix}_${c.chars(20)}`,
    () => `${prefix === "st" ? "se" : "st"}_${c.chars(20)}`,
    () => `${prefix}_${c.chars(c.int(0, 19))}`,
    () => pathPart(hostileString(c).slice(0, 3000)),
    () => "..%2F..%2Fetc%2Fpasswd",
    () => "%E0%A4%A",
    () => "%00",
    () => "__proto__",
    () => String(c.int(-5, 99_999_999_999)),
  ])();
}

function forgedAuth(c: Chooser, t: FuzzTargets): Record<string, string> {
  const bearer = (v: string) => ({ authorization: `Bearer ${v}` });
  return c.pick<() => Record<string, string>>([
    () => ({}),
    () => bearer(c.chars(c.int(1, 80))),
    () => bearer(`${t.adminToken}x`),
    () => bearer(t.adminToken.slice(0, -1)),
    () => bearer(t.scratch.sessionToken),
    () => bearer(t.good.sessionToken.toUpperCase()),
    () => ({ authorization: `Basic ${Buffer.from(`admin:${t.adminToken}`).toString("base64")}` }),
    () => bearer(`eyJhbGciOiJub25lIn0.${Buffer.from('{"sub":"admin"}').toString("base64url")}.`),
    () => bearer("x".repeat(c.int(200, 12_000))),
    () => ({ authorization: `Bearer\t${t.adminToken}.` }),
    () => ({ authorization: t.adminToken }),
  ])();
}

/** A share token to try: the real one, another party's, a revoked one, forged and odd ones. */
function shareToken(c: Chooser, party: Party, t: FuzzTargets): string {
  return c.pick([
    () => party.shareToken,
    () => party.shareToken,
    () => t.revokedShareToken,
    () => party.inviteToken, // a token of another kind, of the same shape
    () => c.chars(43), // the right shape, never minted
    () => c.chars(c.pick([42, 44, 0, 1, 200])),
    () => `${party.shareToken.slice(0, -1)}${party.shareToken.endsWith("A") ? "B" : "A"}`,
    () => party.shareToken.toUpperCase(),
    () => `${party.shareToken}%2F..%2F..%2Fapi%2Fstudies`,
    () => party.shareId,
    () => oddId(c, "sh"),
  ])();
}

/** A body sure to be refused: not the shape, a field of the wrong type, an unknown field, not JSON, too big. */
function brokenJson(c: Chooser, example: unknown): string {
  const obj =
    example && typeof example === "object" && !Array.isArray(example)
      ? (example as Record<string, unknown>)
      : {};
  const keys = Object.keys(obj);
  return c.pick<() => string>([
    () => JSON.stringify(c.pick([[], [obj], 7, "text", true])),
    () => JSON.stringify({ ...obj, [`zz${c.chars(4)}`]: hostileValue(c) }),
    () => {
      if (keys.length === 0) return "{";
      const k = c.pick(keys);
      return JSON.stringify({ ...obj, [k]: wrongType(c, obj[k]) });
    },
    () => JSON.stringify(obj).slice(0, -1),
    () => `{"a":${nestedText(c.int(1000, 100_000), "mixed")}}`,
    () => JSON.stringify({ ...obj, pad: "x".repeat(300_000) }),
    () => hostileString(c),
  ])();
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-16",
  "multipart/form-data; boundary=x",
];

function query(c: Chooser): string {
  const names = ["limit", "cursor", "format", "from", "maxBytes", "t", "__proto__"];
  const parts = Array.from({ length: c.int(1, 3) }, () => {
    const v = c.pick([
      () => String(c.int(-10, 1e9)),
      () => "1e999",
      () => "NaN",
      () => Buffer.from(JSON.stringify(hostileValue(c))).toString("base64url"),
      () => pathPart(hostileString(c).slice(0, 2000)),
      () => c.pick(["csv", "md", "json", "xml", "pdf"]),
    ])();
    return `${c.pick(names)}=${v}`;
  });
  return `?${parts.join("&")}`;
}

/**
 * A seeded generator of bad requests across every operation. Requests aimed at the good
 * party are always refusable (forged credentials, odd ids or a broken body); the scratch
 * party also gets mutations that may be valid, so deeper code runs on hostile data.
 */
export function* badRequests(random: () => number, t: FuzzTargets, count: number): Generator<FuzzRequest> {
  const c = new Chooser(random);
  const ops = [...t.operations, ...EXTRA];
  const goodChunk = gzipSync(JSON.stringify(t.events));
  const bomb = gzipSync(Buffer.alloc(48 * 1024 * 1024, 0x5b));
  for (let n = 0; n < count; n++) {
    const op = ops[n % ops.length] as Operation;
    const party = c.chance(0.45) ? t.good : t.scratch;
    const good = party === t.good;
    const kind = ID_KINDS.find(([re]) => re.test(op.path))?.[1] ?? "st";
    const realIds: Record<string, string> = {
      se: party.sessionId,
      an: party.annotationId,
      cl: party.clipId,
      rl: party.reelId,
      sh: party.shareId,
    };
    const realId = realIds[kind] ?? party.studyId;
    const odd = c.chance(0.3) || op.method === "DELETE";
    let path = op.path
      .replace("{id}", odd ? oddId(c, kind) : realId)
      .replace("{token}", c.chance(0.7) ? party.inviteToken : oddId(c, "iv"))
      .replace(
        "{seq}",
        c.chance(0.6) ? String(c.int(0, 400)) : c.pick(["-1", "1.5", "1e3", "100000000", oddId(c, "x")]),
      )
      .replace("{taskIndex}", c.pick([String(c.int(0, 3)), "-1", "NaN", "0x1", "99999999999"]))
      .replace("{share}", shareToken(c, party, t))
      .replace("{n}", c.pick(["0", "0", "1", "-1", "1.5", "1e3", "99999999999", "NaN", "0x0", oddId(c, "x")]))
      .replace("{any}", pathPart(hostileString(c).slice(0, 500)));
    if (op.method === "GET" && c.chance(0.4)) path += query(c);

    const participant = path.startsWith("/api/ingest/");
    const body = op.hasBody || (op.method !== "GET" && op.method !== "OPTIONS" && c.chance(0.05));
    // Writes with real credentials on the good party must be refusable by their body.
    // A body the route does not read makes nothing refusable: such writes to the good party are forged.
    const forged =
      (good && op.method !== "GET" && !op.hasBody) || (op.method === "DELETE" && !odd) || c.chance(0.25);
    const headers: Record<string, string> = forged
      ? forgedAuth(c, t)
      : { authorization: `Bearer ${participant ? party.sessionToken : t.adminToken}` };
    // Share pages are rate-limited per caller: most fuzz callers come from an address of their own.
    if (path.startsWith("/s/") && c.chance(0.9))
      headers["x-forwarded-for"] = `10.${c.int(0, 255)}.${c.int(0, 255)}.${c.int(1, 254)}`;
    if (participant || c.chance(0.1))
      headers.origin = c.chance(0.85)
        ? t.origin
        : c.pick(["null", "https://evil.example", t.origin.toUpperCase()]);

    const route = `${op.method} ${op.path}`;
    const req: FuzzRequest = { route, method: op.method, path, headers };
    if (body) {
      if (/\/chunks\//.test(op.path)) {
        // The scratch session also gets chunks that pass the ingest rule but carry hostile
        // data, for the analysis to chew on.
        const gz = good
          ? hostileGzip(c, goodChunk, bomb)
          : c.pick([
              () => gzipSync(JSON.stringify(mutate(c, t.events))),
              () => gzipSync(JSON.stringify(hostileEvents(c, t.events))),
              () => gzipSync(JSON.stringify(hostileEvents(c, t.events))),
              () => hostileGzip(c, goodChunk, bomb),
            ])();
        const asJson = c.chance(0.2);
        req.body = asJson ? brokenJson(c, t.events) : gz;
        headers["content-type"] = asJson
          ? "application/json"
          : c.pick(["application/gzip", "application/octet-stream", "text/plain", ""]);
      } else {
        const example = t.examples[route];
        req.body =
          !good && example !== undefined && c.chance(0.5)
            ? JSON.stringify(mutate(c, example))
            : brokenJson(c, example);
        headers["content-type"] = c.chance(0.85) ? "application/json" : c.pick(CONTENT_TYPES);
      }
      if (!headers["content-type"]) delete headers["content-type"];
    }
    yield req;
  }
}
