/**
 * A task's success rule against what just happened in the page: a navigation (the URL), a
 * click (the element) or a custom event (its name). The same match rules as the analysis.
 */
import { compileUrlPattern, type MatchRule } from "@frictionmap/protocol";
import { safeClosest } from "./capture";

export type Observation =
  | { kind: "url"; href: string }
  | { kind: "click"; target: Element }
  | { kind: "event"; name: string };

export function ruleMatches(rule: MatchRule | undefined, seen: Observation): boolean {
  switch (rule?.type) {
    case "url":
      return seen.kind === "url" && compileUrlPattern(rule.pattern)(seen.href);
    case "event":
      return seen.kind === "event" && seen.name === rule.name;
    case "click":
      return seen.kind === "click" && safeClosest(seen.target, rule.selector) !== null;
    default:
      return false;
  }
}
