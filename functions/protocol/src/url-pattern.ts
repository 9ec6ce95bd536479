/**
 * Journey match rules on URLs (DESIGN.md "Match rules"): a pattern matches the page path,
 * and the query too when the pattern has `?`; `*` stands for any run of characters.
 * Patterns are compiled once per analysis, then tested against every navigation.
 */

import { parseUrl } from "./platform";

export type UrlMatcher = (href: string) => boolean;

const BASE = "http://frictionmap.invalid";

/** The parts of a URL a pattern is compared with; undefined when the text is not a URL. */
export function urlParts(href: string): { path: string; query: string; hash: string } | undefined {
  try {
    const u = parseUrl(href, BASE);
    return { path: u.pathname, query: u.search, hash: u.hash };
  } catch {
    return undefined;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern as an anchored regular expression; `*` is the only special character. */
export function patternRegExp(pattern: string): RegExp {
  const body = pattern.split("*").map(escapeRegExp).join(".*");
  return new RegExp(`^${body}$`);
}

/** Compiles a url match pattern; the matcher accepts absolute or path-only hrefs. */
export function compileUrlPattern(pattern: string): UrlMatcher {
  const withQuery = pattern.includes("?");
  const re = patternRegExp(withQuery ? pattern : pattern.replace(/#.*$/, ""));
  // A trailing slash is not a different page: "/services" also matches "/services/".
  const lenient = !withQuery && pattern.length > 1 && !pattern.endsWith("/") && !pattern.endsWith("*");
  return (href) => {
    const parts = urlParts(href);
    if (!parts) return false;
    let subject = parts.path;
    if (withQuery) {
      // "?" with nothing after it means "any query or none".
      subject = `${parts.path}${parts.query || "?"}`;
    }
    if (re.test(subject)) return true;
    return lenient && subject.length > 1 && subject.endsWith("/") && re.test(subject.slice(0, -1));
  };
}

/**
 * The page a URL stands for in the journey: path and query. A hash is part of it only for
 * hash routers ("#/cart"); an in-page anchor ("#faq") stays on the same page.
 */
export function pageKey(href: string): string | undefined {
  const parts = urlParts(href);
  if (!parts) return undefined;
  const route = parts.hash.startsWith("#/") || parts.hash.startsWith("#!/") ? parts.hash : "";
  return `${parts.path}${parts.query}${route}`;
}
