/**
 * URL sanitizing shared by the recorder (before anything is sent) and the server (on what it
 * reads or shows): a URL can carry what a participant typed (a GET form puts its fields in the
 * query) and the session handoff (`#fm=…`). Pure string work: no DOM, no `URL` needed.
 */

/** What a query value that is not kept becomes. */
export const QUERY_PLACEHOLDER = "redacted";

export interface SanitizeOptions {
  /** Query keys whose values are kept as they are (the study's `keepQueryKeys`). */
  keepQueryKeys?: readonly string[];
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Schemes whose text is the site's own, not a place a participant's input can reach. */
const OPAQUE = new Set(["data", "blob", "javascript", "about"]);

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return part;
  }
}

function sanitizeQuery(query: string, keep: readonly string[]): string {
  return query
    .split("&")
    .map((pair) => {
      if (pair === "") return pair;
      const eq = pair.indexOf("=");
      if (eq < 0) return keep.includes(decode(pair)) ? pair : QUERY_PLACEHOLDER;
      const key = pair.slice(0, eq);
      if (keep.includes(decode(key)) || pair.length === eq + 1) return pair;
      return `${key}=${QUERY_PLACEHOLDER}`;
    })
    .join("&");
}

function sanitizePathAndQuery(text: string, keep: readonly string[]): string {
  const q = text.indexOf("?");
  if (q < 0) return text;
  return `${text.slice(0, q)}?${sanitizeQuery(text.slice(q + 1), keep)}`;
}

/**
 * The URL with every query value replaced by a placeholder unless its key is kept, and its
 * fragment dropped. A hash-router fragment (`#/cart`, `#!/cart`) is a page, not a fragment:
 * it stays, with its own query sanitized the same way. Relative URLs stay relative.
 */
export function sanitizeUrl(href: string, opts: SanitizeOptions = {}): string {
  const keep = opts.keepQueryKeys ?? [];
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme && OPAQUE.has(scheme)) return href;
  const hashAt = href.indexOf("#");
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const fragment = hashAt < 0 ? "" : href.slice(hashAt);
  const route = fragment.startsWith("#/") || fragment.startsWith("#!/") ? fragment : "";
  return sanitizePathAndQuery(beforeHash, keep) + (route ? sanitizePathAndQuery(route, keep) : "");
}

/** URLs inside free text: error messages, stack traces, sources (`https://…:12:5`). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()[\]{}`\\]+/gi;
/** The session handoff, wherever it sits. */
const HANDOFF = /#fm=[^\s"'<>()`\\]*/g;

/** Free text with every URL in it sanitized and any session handoff removed. */
export function sanitizeText(text: string, opts: SanitizeOptions = {}): string {
  return text
    .replace(URL_IN_TEXT, (url) => {
      // A stack frame's ":line:column" stays after the sanitized URL.
      const position = /(:\d+)+$/.exec(url)?.[0] ?? "";
      return sanitizeUrl(url.slice(0, url.length - position.length), opts) + position;
    })
    .replace(HANDOFF, "");
}

/**
 * The query values (decoded, and as they stand in the URL) of the keys that are not kept,
 * in the page and in a hash route's query: what a participant may have typed, so the recorder can keep them out of
 * the page text and attributes it records too. Values shorter than `minLength` are left out
 * (a "1" or "en" would mask half the page).
 */
export function typedUrlValues(href: string, opts: SanitizeOptions & { minLength?: number } = {}): string[] {
  const keep = opts.keepQueryKeys ?? [];
  const min = opts.minLength ?? 3;
  const out = new Set<string>();
  const add = (v: string) => {
    if (v.length >= min) out.add(v);
  };
  const hashAt = href.indexOf("#");
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const fragment = hashAt < 0 ? "" : href.slice(hashAt + 1);
  const queries = [beforeHash.includes("?") ? beforeHash.slice(beforeHash.indexOf("?") + 1) : ""];
  if (fragment.includes("?")) queries.push(fragment.slice(fragment.indexOf("?") + 1));
  for (const query of queries) {
    for (const pair of query.split("&")) {
      const eq = pair.indexOf("=");
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (keep.includes(decode(key))) continue;
      const raw = eq < 0 ? pair : pair.slice(eq + 1);
      add(raw);
      add(decode(raw));
    }
  }
  return [...out];
}
