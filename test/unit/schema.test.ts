import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  int,
  list,
  literal,
  oneOf,
  optional,
  optionalAll,
  parseWith,
  record,
  strict,
  tagged,
  text,
} from "../../functions/src/domain/validation";

describe("validation: zod schemas in the API's wording", () => {
  const person = record(
    {
      name: text({ min: 1, max: 5 }),
      age: optional(int({ min: 0, max: 150 })),
      tags: optional(list(oneOf(["a", "b"]), { max: 2 })),
    },
    { ignore: ["id"] },
  );

  it("parses valid input, trimming strings and dropping server fields", () => {
    expect(parseWith(person, { id: "x", name: "  Ann ", tags: ["a"] })).toEqual({
      ok: true,
      value: { name: "Ann", tags: ["a"] },
    });
  });

  it("collects every problem with its path, unknown fields one by one", () => {
    const r = parseWith(person, { name: "", age: 1.5, tags: ["a", "c"], extra: true, more: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: "extra", message: "unknown field" },
        { path: "more", message: "unknown field" },
        { path: "name", message: "must not be empty" },
        { path: "age", message: "expected an integer, got number" },
        { path: "tags[1]", message: "must be one of: a, b" },
      ]),
    );
    expect(r.issues).toHaveLength(5);
  });

  it("names missing fields and wrong types", () => {
    expect(parseWith(person, { age: "3" })).toEqual({
      ok: false,
      issues: [
        { path: "name", message: "is required" },
        { path: "age", message: "expected an integer, got string" },
      ],
    });
  });

  it("treats null as absent only for optional fields", () => {
    expect(parseWith(person, { name: "A", age: null })).toEqual({ ok: true, value: { name: "A" } });
    expect(parseWith(person, { name: null })).toMatchObject({
      ok: false,
      issues: [{ path: "name", message: "expected a string, got null" }],
    });
  });

  it("refuses non-objects, over-long strings and over-long arrays", () => {
    expect(parseWith(person, [])).toEqual({
      ok: false,
      issues: [{ path: "", message: "expected an object, got array" }],
    });
    expect(parseWith(person, { name: "toolong" })).toMatchObject({
      ok: false,
      issues: [{ path: "name", message: "must be at most 5 characters" }],
    });
    expect(parseWith(person, { name: "A", tags: ["a", "a", "b"] })).toMatchObject({
      ok: false,
      issues: [{ path: "tags", message: "must have between 0 and 2 items" }],
    });
  });

  it("tells tagged unions apart by their tag", () => {
    const rule = tagged("type", [
      strict({ type: literal("url"), pattern: text({ min: 1, max: 9 }) }),
      strict({ type: literal("event"), name: text({ min: 1, max: 9 }) }),
    ]);
    expect(parseWith(rule, { type: "event", name: "x" })).toEqual({
      ok: true,
      value: { type: "event", name: "x" },
    });
    expect(parseWith(rule, { type: "event", pattern: "/" })).toMatchObject({ ok: false });
    expect(parseWith(rule, { type: "css" })).toEqual({
      ok: false,
      issues: [{ path: "type", message: "must be one of: url, event" }],
    });
  });

  it("describes itself as JSON Schema (what the OpenAPI document shows)", () => {
    const json = z.toJSONSchema(person, { io: "input" }) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: { name: { type: "string", minLength: 1, maxLength: 5 } },
    });
    const patch = z.toJSONSchema(record(optionalAll({ a: int({ min: 0, max: 1 }) })), { io: "input" });
    expect((patch as { required?: string[] }).required ?? []).toEqual([]);
  });
});
