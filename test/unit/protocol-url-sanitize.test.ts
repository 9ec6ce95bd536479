import {
  compileUrlPattern,
  QUERY_PLACEHOLDER,
  sanitizeText,
  sanitizeUrl,
  typedUrlValues,
} from "@frictionmap/protocol";
import { describe, expect, it } from "vitest";

const R = QUERY_PLACEHOLDER;

describe("sanitizeUrl", () => {
  it("replaces every query value by a placeholder and drops the fragment", () => {
    expect(sanitizeUrl("https://shop.example/search?q=zelda%40mail.example&page=2#fm=abc.def")).toBe(
      `https://shop.example/search?q=${R}&page=${R}`,
    );
    expect(sanitizeUrl("http://x.test/a#section")).toBe("http://x.test/a");
    expect(sanitizeUrl("http://x.test/a?#fm=secret")).toBe("http://x.test/a?");
  });

  it("keeps the values of the study's keepQueryKeys, matched on the decoded key", () => {
    expect(
      sanitizeUrl("/p?utm_source=news&email=a%40b.c&sort=price", { keepQueryKeys: ["utm_source", "sort"] }),
    ).toBe(`/p?utm_source=news&email=${R}&sort=price`);
    expect(sanitizeUrl("/p?my%20key=v", { keepQueryKeys: ["my key"] })).toBe("/p?my%20key=v");
  });

  it("keeps empty values and relative URLs as they are; a bare word in the query is a value", () => {
    expect(sanitizeUrl("results?q=&lang=en")).toBe(`results?q=&lang=${R}`);
    expect(sanitizeUrl("/search?zelda")).toBe(`/search?${R}`);
    expect(sanitizeUrl("../a/b")).toBe("../a/b");
  });

  it("keeps a hash router's route, sanitizing its own query; drops any other fragment", () => {
    expect(sanitizeUrl("https://app.test/#/inbox?q=secret")).toBe(`https://app.test/#/inbox?q=${R}`);
    expect(sanitizeUrl("https://app.test/#!/cart")).toBe("https://app.test/#!/cart");
    expect(sanitizeUrl("https://app.test/#token=abc")).toBe("https://app.test/");
  });

  it("leaves data:, blob: and javascript: URLs alone (no participant input reaches them)", () => {
    expect(sanitizeUrl("javascript:void 0")).toBe("javascript:void 0");
    expect(sanitizeUrl("data:image/png;base64,AAA?x=1")).toBe("data:image/png;base64,AAA?x=1");
  });

  it("keeps match rules working: ? patterns see the keys and the kept values", () => {
    const href = sanitizeUrl("https://s.test/results?q=secret&cat=shoes", { keepQueryKeys: ["cat"] });
    expect(compileUrlPattern("/results?q=*")(href)).toBe(true);
    expect(compileUrlPattern("/results?*cat=shoes")(href)).toBe(true);
    expect(compileUrlPattern("/results")(href)).toBe(true);
    expect(compileUrlPattern("/results?q=secret*")(href)).toBe(false);
  });
});

describe("sanitizeText", () => {
  it("sanitizes every URL in an error stack and removes the session handoff", () => {
    const stack =
      "TypeError: x\n    at onclick (http://127.0.0.1:9/search?q=zelda#fm=s.t.k:3:7)\n    at https://cdn.test/app.js?v=3:1:2";
    const out = sanitizeText(stack);
    expect(out).not.toContain("zelda");
    expect(out).not.toContain("#fm=");
    expect(out).toContain(`http://127.0.0.1:9/search?q=${R}`);
    expect(out).toContain(`https://cdn.test/app.js?v=${R}:1:2`);
    expect(sanitizeText("source #fm=abc.def")).toBe("source ");
  });
});

describe("typedUrlValues", () => {
  it("gives the unkept query values, raw and decoded, at least three characters long", () => {
    expect(
      typedUrlValues("/r?q=zelda+quasimodo&page=2&lang=en&sort=price", { keepQueryKeys: ["sort"] }),
    ).toEqual(["zelda+quasimodo", "zelda quasimodo"]);
    expect(typedUrlValues("/#/find?q=a%40b.cc")).toEqual(["a%40b.cc", "a@b.cc"]);
    expect(typedUrlValues("/plain#faq")).toEqual([]);
  });
});
