import type { Study } from "../api/types";

/**
 * A place of a route in words: a journey step's name, a page pattern, or how the attempt
 * ended (the same words as the server's labels, for filters opened from a link).
 */
export function placeName(study: Pick<Study, "tasks">, place: string): string {
  if (place === "x:success") return "succeeded";
  if (place === "x:other") return "did not succeed";
  if (place.startsWith("s:")) {
    const id = place.slice(2);
    const step = study.tasks.flatMap((t) => t.steps).find((s) => s.id === id);
    return step?.name ?? "a removed step";
  }
  return place.slice(2);
}

/** A hop filter (`{column}:{from}>{to}`) in words. */
export function hopWords(study: Pick<Study, "tasks">, hop: string): string {
  const m = /^(\d{1,3}):(.+?)>(.+)$/.exec(hop);
  if (!m) return "a move of the paths";
  return `went ${placeName(study, m[2] ?? "")} → ${placeName(study, m[3] ?? "")} (move ${Number(m[1]) + 1})`;
}

export function routeWords(study: Pick<Study, "tasks">, route: string): string {
  return `took the path ${route
    .split(">")
    .map((p) => placeName(study, p))
    .join(" → ")}`;
}
