/**
 * CSS selectors a study gives the recorder (mask, unmask, click rules) are checked here,
 * on the server, before they reach a participant's browser: a selector the browser refuses
 * would silently mask nothing, or everything. Pure: a parser, no DOM.
 */
import { parse, type Selector } from "css-what";

const MAX_LENGTH = 500;
const TRAVERSALS = new Set(["descendant", "child", "sibling", "adjacent", "parent", "column-combinator"]);

function problemIn(tokens: Selector[]): string | undefined {
  if (tokens.length === 0) return "has an empty part (two commas, or a comma at the end)";
  const last = tokens[tokens.length - 1];
  if (last && TRAVERSALS.has(last.type)) return "ends with a combinator (>, +, ~ or a space)";
  for (const t of tokens) {
    if ((t.type === "tag" || t.type === "attribute") && t.name === "") return "has an empty name";
    if (t.type === "attribute" && t.name === "class" && t.action === "element" && /^$|^\./.test(t.value)) {
      return "has an empty class name";
    }
    if (t.type === "attribute" && t.name === "id" && t.value === "") return "has an empty id";
    if (t.type === "pseudo-element") return `uses the pseudo-element ::${t.name}, which matches no element`;
    if (t.type === "pseudo" && Array.isArray(t.data)) {
      for (const inner of t.data) {
        const p = problemIn(inner);
        if (p) return p;
      }
    }
  }
  return undefined;
}

/** Why `selector` is not a valid CSS selector list, or undefined when it is. */
export function selectorProblem(selector: string): string | undefined {
  if (selector.trim() === "") return "must not be empty";
  if (selector.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch (err) {
    return `is not a valid CSS selector (${(err as Error).message})`;
  }
  for (const tokens of parsed) {
    const p = problemIn(tokens);
    if (p) return `is not a valid CSS selector: it ${p}`;
  }
  return undefined;
}
