import { urlParts } from "@frictionmap/protocol";

/** Segments that name one record rather than a kind of page. */
const ID_SEGMENT = [
  /^\d+$/, // 123
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // uuid
  /^[0-9a-f]{8,}$/i, // hex digests, object ids
  /^(?=.*\d)(?=.*[a-z])[a-z0-9_-]{8,}$/i, // ord_8fK2x9, a1b2c3d4e5: letters and digits mixed
  /^[a-z]{1,8}[_-]\d+$/i, // ord-42, item_7
];
const MAX_PATTERN = 200;

const collapse = (segment: string): string => (ID_SEGMENT.some((re) => re.test(segment)) ? ":id" : segment);

/**
 * The page a URL stands for in the paths participants took: the path (and a hash route)
 * with the segments that name one record collapsed, so `/orders/123` and `/orders/456` are
 * both `/orders/:id`. The query is left out. Undefined when the text is not a URL.
 */
export function pagePattern(href: string): string | undefined {
  const parts = urlParts(href);
  if (!parts) return undefined;
  const path = parts.path.split("/").map(collapse).join("/");
  const route = parts.hash.startsWith("#/") || parts.hash.startsWith("#!/") ? parts.hash : "";
  const hashRoute = route
    .replace(/[?].*$/, "")
    .split("/")
    .map((s, i) => (i === 0 ? s : collapse(s)))
    .join("/");
  const out = `${path.length > 1 ? path.replace(/\/$/, "") : path}${hashRoute}`;
  return out.length > MAX_PATTERN ? `${out.slice(0, MAX_PATTERN)}…` : out;
}
