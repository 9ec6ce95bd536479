import { describe, expect, it } from "vitest";
import { pagePattern } from "../../../functions/src/domain/analysis/page-pattern";

describe("page patterns of the paths view", () => {
  it("collapses the segments that name one record", () => {
    const cases: [string, string][] = [
      ["http://shop.test/orders/123", "/orders/:id"],
      ["http://shop.test/orders/456/", "/orders/:id"],
      ["http://shop.test/orders/0b6f2c4e-9a1d-4c3b-8e2f-1a2b3c4d5e6f/items/7", "/orders/:id/items/:id"],
      ["http://shop.test/p/5f2a9c1e7b3d", "/p/:id"],
      ["http://shop.test/u/ord_8fK2x9aQ", "/u/:id"],
      ["http://shop.test/item-42?color=redacted", "/:id"],
      ["http://shop.test/#/cart/991", "/#/cart/:id"],
      ["http://shop.test/", "/"],
    ];
    expect(cases.map(([u]) => pagePattern(u))).toEqual(cases.map(([, p]) => p));
  });

  it("keeps words, versions and dates of ordinary pages", () => {
    expect(pagePattern("http://shop.test/pricing/business")).toBe("/pricing/business");
    expect(pagePattern("http://shop.test/services/web-design")).toBe("/services/web-design");
    expect(pagePattern("http://shop.test/help#faq")).toBe("/help");
  });

  it("is bounded and says nothing of what is not a URL", () => {
    expect(pagePattern(`http://shop.test/${"a".repeat(500)}`)?.length).toBeLessThanOrEqual(201);
    expect(pagePattern("http://[::1")).toBeUndefined();
  });
});
