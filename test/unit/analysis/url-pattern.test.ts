import { compileUrlPattern, globMatches, pageKey } from "@frictionmap/protocol";
import { describe, expect, it } from "vitest";

describe("url match patterns", () => {
  const cases: [string, string, boolean][] = [
    ["/", "http://localhost:8788/", true],
    ["/", "http://localhost:8788/services", false],
    ["/", "http://localhost:8788/?utm=x", true],
    ["/services*", "http://localhost:8788/services", true],
    ["/services*", "http://localhost:8788/services/web?x=1", true],
    ["/services*", "http://localhost:8788/about/services", false],
    ["/services", "http://localhost:8788/services/", true],
    ["/services", "http://localhost:8788/services/web", false],
    ["*/checkout", "https://shop.example/en/checkout", true],
    ["/p/*/reviews", "https://shop.example/p/123/reviews", true],
    ["/p/*/reviews", "https://shop.example/p/123/specs", false],
    ["/search?q=*", "https://shop.example/search?q=shoes", true],
    ["/search?q=*", "https://shop.example/search", false],
    ["/search?q=*", "https://shop.example/search?page=2", false],
    ["/search?*", "https://shop.example/search", true],
    ["/thanks*", "/thanks?id=4", true],
    ["/a.b", "http://x/aXb", false],
    ["/(x)", "http://x/(x)", true],
  ];
  for (const [pattern, href, want] of cases) {
    it(`${pattern} ${want ? "matches" : "does not match"} ${href}`, () => {
      expect(compileUrlPattern(pattern)(href)).toBe(want);
    });
  }

  it("keys pages by path and query; a hash counts only for hash routers", () => {
    expect(pageKey("http://x/a?b=1#faq")).toBe("/a?b=1");
    expect(pageKey("http://x/app#/cart")).toBe("/app#/cart");
    expect(pageKey("http://[bad")).toBeUndefined();
  });
});

describe("glob matching", () => {
  it("matches * as any run, everything else literally", () => {
    expect(globMatches("/a*b", "/ab")).toBe(true);
    expect(globMatches("/a*b", "/a/x/b")).toBe(true);
    expect(globMatches("/a*b", "/a/x/bc")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("**x**", "abxcd")).toBe(true);
    expect(globMatches("/a.b", "/aXb")).toBe(false);
    expect(globMatches("/a?b=(1)", "/a?b=(1)")).toBe(true);
  });

  it("takes linear time on long hostile paths, where a regular expression backtracks", () => {
    const m = compileUrlPattern("/*/p/*/p/*/p/*/x");
    const href = `http://localhost:8788/${"p/".repeat(20_000)}`;
    const started = performance.now();
    expect(m(href)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
