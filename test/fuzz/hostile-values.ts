import { gzipSync } from "node:zlib";

/** A seeded source of choices: every value the fuzz sends comes from it, so a run repeats. */
export class Chooser {
  constructor(readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  chars(n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }
}

const HUGE = "x".repeat(300_000);

/** Strings that break naive code: control characters, markup, lone surrogates, huge ones. */
export function hostileString(c: Chooser): string {
  return c.pick([
    () => "",
    () => " ",
    () => "\u0000",
    () => "\ud800",
    () => "💥".repeat(c.int(1, 500)),
    () => "<script>alert(1)</script>",
    () => "'; DROP TABLE sessions; --",
    () => "$" + "{jndi:ldap://x}",
    () => "../../../../etc/passwd",
    () => "%00%ff%E0%A4%A",
    () => "__proto__",
    () => "constructor",
    () => "a".repeat(c.int(1_000, 70_000)),
    () => HUGE.slice(0, c.int(100_000, 300_000)),
    () => "\r\n\r\nHTTP/1.1 200 OK",
    () => "*".repeat(c.int(10, 400)),
    () => c.chars(c.int(1, 60), "\u0001\u001f\u007f\u2028\u2029\ufeff\ufffd\\\"'`{}[]<>&%#?/"),
  ])();
}

/** Any JSON value, small or nasty. */
export function hostileValue(c: Chooser, depth = 0): unknown {
  const scalar = () =>
    c.pick<() => unknown>([
      () => null,
      () => true,
      () => false,
      () => 0,
      () => -1,
      () => 1.5,
      () => -1e20,
      () => 1e308,
      () => Number.MAX_SAFE_INTEGER + 2,
      () => c.int(-1000, 1000),
      () => hostileString(c),
      () => "7",
      () => "true",
    ])();
  if (depth > 3 || c.chance(0.6)) return scalar();
  if (c.chance(0.5)) return Array.from({ length: c.int(0, 4) }, () => hostileValue(c, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = c.int(0, 4); i > 0; i--)
    o[c.pick(["a", "id", "__proto__", "type", hostileString(c).slice(0, 20)])] = hostileValue(c, depth + 1);
  return o;
}

/** A value of another type than `v` and never null (null reads as "absent" in bodies). */
export function wrongType(c: Chooser, v: unknown): unknown {
  if (typeof v === "string") return c.pick([42, true, [v], { v }, -1e20]);
  if (typeof v === "number") return c.pick([String(v), "1e999", true, [v], { v }]);
  if (typeof v === "boolean") return c.pick([String(v), 1, [v], {}]);
  if (Array.isArray(v)) return c.pick(["list", 3, { 0: v[0] }, true]);
  return c.pick(["object", 5, [v], false]);
}

/** Deeply nested JSON text: arrays, objects, or both. */
export function nestedText(depth: number, kind: "array" | "object" | "mixed"): string {
  if (kind === "array") return `${"[".repeat(depth)}${"]".repeat(depth)}`;
  if (kind === "object") return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  return `${'[{"a":'.repeat(depth)}1${"}]".repeat(depth)}`;
}

/** A copy of a JSON value with one random change somewhere inside it (may stay valid). */
export function mutate(c: Chooser, v: unknown): unknown {
  if (Array.isArray(v)) {
    const copy = [...v];
    if (copy.length === 0 || c.chance(0.2)) copy.push(hostileValue(c));
    else {
      const i = c.int(0, copy.length - 1);
      if (c.chance(0.15)) copy.splice(i, 1);
      else copy[i] = c.chance(0.6) ? mutate(c, copy[i]) : hostileValue(c);
    }
    return copy;
  }
  if (v && typeof v === "object") {
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0 || c.chance(0.15))
      copy[c.pick(["extra", "__proto__", "status", "version"])] = hostileValue(c);
    else {
      const k = c.pick(keys);
      if (c.chance(0.15)) delete copy[k];
      else
        copy[k] = c.chance(0.6)
          ? mutate(c, copy[k])
          : c.chance(0.5)
            ? wrongType(c, copy[k])
            : hostileValue(c);
    }
    return copy;
  }
  return c.chance(0.5) ? wrongType(c, v) : hostileValue(c);
}

/** Gzip bodies that are not what they say: garbage, truncated, bombs, non-arrays inside. */
export function hostileGzip(c: Chooser, good: Uint8Array, bomb: Uint8Array): Uint8Array {
  return c.pick<() => Uint8Array>([
    () => new TextEncoder().encode(hostileString(c).slice(0, 5000)),
    () => good.slice(0, c.int(1, Math.max(1, good.length - 1))),
    () => {
      // One byte flipped (chosen once: a new draw per byte could flip none and leave it valid).
      const at = c.int(10, good.length - 1);
      return Uint8Array.from(good, (b, i) => (i === at ? b ^ 0xff : b));
    },
    () => bomb,
    () =>
      new Uint8Array([0x1f, 0x8b, 0x08, 0x00, ...Array.from({ length: c.int(0, 64) }, () => c.int(0, 255))]),
    () => Buffer.concat([good, good]),
    () => gzipSync(JSON.stringify(hostileValue(c))),
    () => gzipSync(nestedText(c.int(600, 200_000), c.pick(["array", "object", "mixed"] as const))),
    () => new Uint8Array(0),
  ])();
}

/** Payloads of the recorder's custom events with hostile values in every field. */
function hostilePayload(c: Chooser): unknown {
  const num = () => c.pick([0, 5, -1, 1e300, -1e20, 2 ** 40, 0.5]);
  return c.pick<() => unknown>([
    () => ({
      selector: hostileString(c),
      x: num(),
      y: num(),
      tag: hostileString(c),
      interactive: true,
      text: hostileString(c),
      href: hostileString(c),
      matches: hostileValue(c),
    }),
    () => ({
      href: c.pick([
        `http://localhost:8788/${"a*/".repeat(c.int(1, 30_000))}`,
        hostileString(c),
        "javascript:alert(1)",
        "//evil",
      ]),
      kind: "load",
    }),
    () => ({ message: hostileString(c), source: hostileString(c), kind: "console" }),
    () => ({
      action: c.pick(["start", "end"]),
      taskId: hostileString(c),
      taskIndex: num(),
      outcome: hostileValue(c),
    }),
    () => ({
      action: c.pick(["edit", "submit"]),
      selector: hostileString(c),
      formSelector: hostileString(c),
      fieldType: hostileString(c),
    }),
    () => ({ name: hostileString(c) }),
    () => ({ text: hostileString(c) }),
    () => hostileValue(c),
  ])();
}

/**
 * Events that pass the ingest rule (object, type 0–6, timestamp in the window) but carry
 * hostile data where only the analysis and the replay look: custom events of every tag,
 * pointer positions far off the screen, metas with odd hrefs.
 */
export function hostileEvents(c: Chooser, base: unknown[]): unknown[] {
  const t0 = (base[0] as { timestamp: number }).timestamp;
  const tags = [
    "fm:click",
    "fm:nav",
    "fm:error",
    "fm:task",
    "fm:form",
    "fm:track",
    "fm:report",
    hostileString(c),
  ];
  const out = [...base] as { timestamp: number }[];
  for (let i = c.int(1, 12); i > 0; i--) {
    const timestamp = t0 + c.int(0, 40_000);
    out.push(
      c.pick<() => { timestamp: number }>([
        () => ({ type: 5, timestamp, data: { tag: c.pick(tags), payload: hostilePayload(c) } }),
        () => ({
          type: 3,
          timestamp,
          data: {
            source: c.pick([0, 1, 2, 3, 5, 6, 12]),
            positions: [{ x: 1e300, y: -1e20, id: 1, timeOffset: -1e20 }],
            adds: hostileValue(c),
          },
        }),
        () => ({ type: 4, timestamp, data: { href: hostileString(c), width: -1e20, height: 1e300 } }),
        () => ({ type: c.int(0, 6), timestamp, data: hostileValue(c) }),
      ])(),
    );
  }
  return c.chance(0.5) ? out.sort((a, b) => a.timestamp - b.timestamp) : out;
}
