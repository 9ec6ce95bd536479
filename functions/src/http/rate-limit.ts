import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../domain/errors";
import type { AppEnv } from "./env";

export interface RateLimit {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
}

/**
 * A fixed-window counter per key, kept in this process (per Lambda instance in AWS, where
 * CloudFront stands in front). Old windows are dropped as keys are counted, so memory stays
 * bounded by the keys seen within one window, and at most `maxKeys`.
 */
export function windowCounter(limit: RateLimit, now: () => number, maxKeys = 10_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string): { allowed: boolean; retryAfterSec: number } => {
    const t = now();
    const w = windows.get(key);
    if (!w || t - w.start >= limit.windowMs) {
      if (windows.size >= maxKeys) {
        for (const [k, v] of windows) if (t - v.start >= limit.windowMs) windows.delete(k);
        if (windows.size >= maxKeys) windows.clear();
      }
      windows.set(key, { start: t, count: 1 });
      return { allowed: true, retryAfterSec: 0 };
    }
    w.count += 1;
    const retryAfterSec = Math.ceil((w.start + limit.windowMs - t) / 1000);
    return { allowed: w.count <= limit.max, retryAfterSec };
  };
}

/** The caller's address as the edge reports it (CloudFront sets X-Forwarded-For). */
export function clientKey(c: Context): string {
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || c.req.header("x-real-ip") || "direct").slice(0, 64);
}

/** 429 with Retry-After once a caller is over the limit. */
export function rateLimit(limit: RateLimit, now: () => number): MiddlewareHandler<AppEnv> {
  const count = windowCounter(limit, now);
  return async (c, next) => {
    const { allowed, retryAfterSec } = count(clientKey(c));
    if (!allowed) {
      c.header("Retry-After", String(retryAfterSec));
      throw new AppError(429, "rate_limited", `Too many requests; try again in ${retryAfterSec} s.`);
    }
    await next();
  };
}
