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

/**
 * Whether `subject` matches `pattern`, where `*` stands for any run of characters and
 * every other character for itself. Greedy with one backtrack point (the last `*`), so
 * the time is at most pattern length × subject length: a long URL from a participant
 * cannot stall the analysis. (As a regular expression of `.*` runs, a pattern with four
 * stars took 18 s on a 1 KB path.)
 */
export function globMatches(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < subject.length) {
    if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = s;
    } else if (p < pattern.length && pattern[p] === subject[s]) {
      p++;
      s++;
    } else if (star >= 0) {
      p = star + 1;
      s = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Compiles a url match pattern; the matcher accepts absolute or path-only hrefs. */
export function compileUrlPattern(pattern: string): UrlMatcher {
  const withQuery = pattern.includes("?");
  const glob = withQuery ? pattern : pattern.replace(/#.*$/, "");
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
    if (globMatches(glob, subject)) return true;
    return lenient && subject.length > 1 && subject.endsWith("/") && globMatches(glob, subject.slice(0, -1));
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
