import { describe, expect, it } from "vitest";
import {
  arr,
  int,
  obj,
  oneOf,
  optional,
  parseWith,
  partial,
  str,
  tagged,
} from "../../functions/src/domain/schema";

describe("schema toolkit", () => {
  const person = obj(
    {
      name: str({ min: 1, max: 5 }),
      age: optional(int({ min: 0, max: 150 })),
      tags: optional(arr(oneOf(["a", "b"]), { max: 2 })),
    },
    { ignore: ["id"] },
  );

  it("parses valid input, trimming strings and ignoring server fields", () => {
    expect(parseWith(person, { id: "x", name: "  Ann ", tags: ["a"] })).toEqual({
      ok: true,
      value: { name: "Ann", tags: ["a"] },
    });
  });

  it("collects every problem with its path", () => {
    const r = parseWith(person, { name: "", age: 1.5, tags: ["a", "c"], extra: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: "extra", message: "unknown field" },
      { path: "name", message: "must not be empty" },
      { path: "age", message: "expected an integer, got number" },
      { path: "tags[1]", message: "must be one of: a, b" },
    ]);
  });

  it("treats null as absent only for optional fields", () => {
    expect(parseWith(person, { name: "A", age: null }).ok).toBe(true);
    expect(parseWith(person, { name: null }).ok).toBe(false);
  });

  it("refuses non-objects, over-long strings and over-long arrays", () => {
    expect(parseWith(person, [])).toMatchObject({
      ok: false,
      issues: [{ path: "", message: "expected an object, got array" }],
    });
    expect(parseWith(person, { name: "toolong" })).toMatchObject({ ok: false });
    expect(parseWith(person, { name: "A", tags: ["a", "a", "b"] })).toMatchObject({ ok: false });
  });

  it("tells tagged unions apart by their tag", () => {
    const rule = tagged("type", {
      url: obj({ type: oneOf(["url"]), pattern: str({ min: 1, max: 9 }) }),
      event: obj({ type: oneOf(["event"]), name: str({ min: 1, max: 9 }) }),
    });
    expect(parseWith(rule, { type: "event", name: "x" })).toEqual({
      ok: true,
      value: { type: "event", name: "x" },
    });
    expect(parseWith(rule, { type: "event", pattern: "/" })).toMatchObject({ ok: false });
    expect(parseWith(rule, { type: "css" })).toMatchObject({ ok: false, issues: [{ path: "type" }] });
    expect(rule.json).toMatchObject({ discriminator: { propertyName: "type" } });
  });

  it("describes itself as JSON Schema", () => {
    expect(person.json).toMatchObject({
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: { name: { type: "string", minLength: 1, maxLength: 5 } },
    });
    expect(obj(partial({ a: int({ min: 0, max: 1 }) })).json).toMatchObject({ required: [] });
  });
});
