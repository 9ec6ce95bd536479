/**
 * The few web-platform globals the protocol uses, which browsers and Node share. Typed
 * here so the package compiles with the ES library alone: it can use neither the DOM nor
 * Node's own APIs by accident.
 */

interface ParsedUrl {
  href: string;
  origin: string;
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
  searchParams: { keys(): Iterable<string>; forEach(fn: (value: string, key: string) => void): void };
}

interface PlatformGlobals {
  URL: new (href: string, base?: string) => ParsedUrl;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

const platform = globalThis as unknown as PlatformGlobals;

/** WHATWG URL parsing; throws on text that is not a URL, as the platform's does. */
export const parseUrl = (href: string, base?: string): ParsedUrl => new platform.URL(href, base);

export const sleep = (ms: number) => new Promise<void>((resolve) => platform.setTimeout(resolve, ms));
