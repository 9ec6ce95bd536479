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
const EXTRA: Operation[] = [
  { method: "GET", path: "/i/{token}", hasBody: false },
  { method: "OPTIONS", path: "/api/ingest/sessions/{id}/chunks/{seq}", hasBody: false },
  { method: "GET", path: "/{any}", hasBody: false },
  { method: "POST", path: "/api/studies/{id}", hasBody: true },
];

const ID_KINDS: [RegExp, string][] = [
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
    const realId = kind === "se" ? party.sessionId : kind === "an" ? party.annotationId : party.studyId;
    const odd = c.chance(0.3) || op.method === "DELETE";
    let path = op.path
      .replace("{id}", odd ? oddId(c, kind) : realId)
      .replace("{token}", c.chance(0.7) ? party.inviteToken : oddId(c, "iv"))
      .replace(
        "{seq}",
        c.chance(0.6) ? String(c.int(0, 400)) : c.pick(["-1", "1.5", "1e3", "100000000", oddId(c, "x")]),
      )
      .replace("{taskIndex}", c.pick([String(c.int(0, 3)), "-1", "NaN", "0x1", "99999999999"]))
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
