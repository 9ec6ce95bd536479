/**
 * Whether a click rule's CSS selector matches a clicked element, judged from the readable
 * selector the recorder sent. The recorder evaluates the study's click rules in the page and
 * sends the ones that matched (`matches`), which is exact; this fallback compares simple
 * selectors token by token: a rule `#send`, `.cta`, `button.primary` or `[data-testid=x]`
 * matches a click whose selector ends in a compound holding all those tokens.
 */

interface Compound {
  tag?: string;
  tokens: Set<string>;
}

const TOKEN = /([#.][\w-]+|\[[^\]]+\])/g;

function lastCompound(selector: string): string {
  const parts = selector.trim().split(/\s*[>+~]\s*|\s+/);
  return parts[parts.length - 1] ?? "";
}

function parseCompound(text: string): Compound | undefined {
  const m = /^([a-zA-Z][\w-]*|\*)?(.*)$/.exec(text);
  if (!m) return undefined;
  const rest = m[2] ?? "";
  const tokens = new Set<string>();
  let consumed = 0;
  for (const t of rest.matchAll(TOKEN)) {
    tokens.add(t[0].replace(/["']/g, ""));
    consumed += t[0].length;
  }
  // Pseudo-classes and the like: not something the readable selector can confirm.
  if (consumed !== rest.length) return undefined;
  const tag = m[1] && m[1] !== "*" ? m[1].toLowerCase() : undefined;
  return tag ? { tag, tokens } : { tokens };
}

const cache = new Map<string, Compound | undefined>();

function compoundOf(selector: string): Compound | undefined {
  let c = cache.get(selector);
  if (c === undefined && !cache.has(selector)) {
    c = parseCompound(lastCompound(selector));
    if (cache.size > 10_000) cache.clear();
    cache.set(selector, c);
  }
  return c;
}

export function clickMatchesRule(
  ruleSelector: string,
  click: { selector: string; tag: string; matches?: string[] },
): boolean {
  if (click.matches) return click.matches.includes(ruleSelector);
  const rule = ruleSelector.trim();
  if (rule === click.selector.trim()) return true;
  if (/[\s>+~,:]/.test(rule)) return false;
  const want = compoundOf(rule);
  const have = compoundOf(click.selector);
  if (!want || !have) return false;
  if (want.tag && want.tag !== (have.tag ?? click.tag.toLowerCase())) return false;
  for (const token of want.tokens) if (!have.tokens.has(token)) return false;
  return want.tokens.size > 0 || want.tag !== undefined;
}
