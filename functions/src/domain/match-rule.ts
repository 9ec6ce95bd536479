/**
 * Match rules of journey steps and success criteria (DESIGN.md): `url` matches the page
 * path (and the query, when the pattern has `?`) with `*` as a wildcard; `click` matches a
 * click on an element matching a CSS selector; `event` matches a custom event by name.
 * Pure and dependency-free: the recorder bundles it too.
 */

export type Rule =
  | { type: "url"; pattern: string }
  | { type: "click"; selector: string }
  | { type: "event"; name: string };

const compiled = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`);
    if (compiled.size > 500) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Does a page URL (absolute, or a path) match a url pattern? Trailing slashes are ignored. */
export function urlMatches(pattern: string, href: string): boolean {
  let url: URL;
  try {
    url = new URL(href, "http://x.invalid");
  } catch {
    return false;
  }
  const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);
  const withQuery = pattern.includes("?");
  const target = withQuery ? `${trim(url.pathname)}${url.search}` : trim(url.pathname);
  const [path = "", query] = pattern.split("?", 2);
  const normalized = withQuery ? `${trim(path)}?${query ?? ""}` : trim(path);
  return patternRegExp(normalized).test(target);
}
