import type { Session } from "../session";
import type { Study, Task } from "../study";
import { stepPlace } from "./journey";
import { END_OTHER, END_SUCCESS, standingOf } from "./session-journey";

/** One place at one position of the routes: a column of the flow. */
export interface PathNode {
  id: string;
  /** Position in the route, from 0. */
  column: number;
  /** `s:{stepId}` a journey step, `p:{pattern}` a page outside the steps, `x:success` /
   * `x:other` how the attempt ended. */
  place: string;
  label: string;
  kind: "step" | "page" | "end";
  /** The expected path has this place at this position. */
  expected: boolean;
  /** Attempts that were at this place at this position. */
  count: number;
}

/** Attempts that went from one place to the next, as their `column`-th move. */
export interface PathLink {
  from: string;
  to: string;
  column: number;
  count: number;
  sessionIds: string[];
  expected: boolean;
}

/** One whole route as participants took it, with the attempts that took exactly it. */
export interface TakenRoute {
  places: string[];
  labels: string[];
  count: number;
  sessionIds: string[];
  /** The expected path, step after step, ending in success. */
  expected: boolean;
}

export interface TaskPaths {
  taskId: string;
  title: string;
  /** Attempts counted: sessions in the journey map that started the task. */
  attempts: number;
  /** The journey steps in order, then success: what the task expects. */
  expected: { place: string; label: string }[];
  nodes: PathNode[];
  links: PathLink[];
  /** Routes, most taken first. */
  routes: TakenRoute[];
}

export const placeLabel = (task: Pick<Task, "steps">, place: string): string => {
  if (place === END_SUCCESS) return "Succeeded";
  if (place === END_OTHER) return "Did not succeed";
  if (place.startsWith("s:")) {
    const id = place.slice(2);
    return task.steps.find((s) => s.id === id)?.name ?? "(a removed step)";
  }
  return place.slice(2);
};

const kindOf = (place: string): PathNode["kind"] =>
  place.startsWith("s:") ? "step" : place.startsWith("x:") ? "end" : "page";

/** A hop of the sessions-list filter: the `column`-th move, from one place to the next. */
export const hopKey = (column: number, from: string, to: string) => `${column}:${from}>${to}`;

/**
 * The paths participants took through one task, from the routes each session's analysis
 * keeps (`journey.routes`) of the sessions the journey map counts: a flow of places by
 * position, with the attempts behind every node and link, and the whole routes. Pure.
 */
export function taskPaths(task: Task, sessions: readonly Session[]): TaskPaths {
  const expected = [...task.steps.map((s) => stepPlace(s.id)), END_SUCCESS];
  const nodes = new Map<string, PathNode>();
  const links = new Map<string, PathLink>();
  const routes = new Map<string, TakenRoute>();
  let attempts = 0;
  for (const s of sessions) {
    if (standingOf(s.journey) !== "counted") continue;
    const route = s.journey?.routes?.[task.id];
    if (!route || !s.journey?.tasks.includes(task.id)) continue;
    attempts++;
    route.forEach((place, column) => {
      const id = `${column}|${place}`;
      const node = nodes.get(id) ?? {
        id,
        column,
        place,
        label: placeLabel(task, place),
        kind: kindOf(place),
        expected: expected[column] === place,
        count: 0,
      };
      node.count++;
      nodes.set(id, node);
      const next = route[column + 1];
      if (next === undefined) return;
      const key = hopKey(column, place, next);
      const link = links.get(key) ?? {
        from: id,
        to: `${column + 1}|${next}`,
        column,
        count: 0,
        sessionIds: [],
        expected: expected[column] === place && expected[column + 1] === next,
      };
      link.count++;
      link.sessionIds.push(s.id);
      links.set(key, link);
    });
    const key = route.join(">");
    const taken = routes.get(key) ?? {
      places: route,
      labels: route.map((p) => placeLabel(task, p)),
      count: 0,
      sessionIds: [],
      expected: key === expected.join(">"),
    };
    taken.count++;
    taken.sessionIds.push(s.id);
    routes.set(key, taken);
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    taskId: task.id,
    title: task.title,
    attempts,
    expected: expected.map((place) => ({ place, label: placeLabel(task, place) })),
    nodes: [...nodes.values()].sort((a, b) => a.column - b.column || byCount(a, b)),
    links: [...links.values()].sort((a, b) => a.column - b.column || byCount(a, b)),
    routes: [...routes.values()].sort(byCount),
  };
}

/** The paths of every task of a study. */
export function studyPaths(study: Pick<Study, "tasks">, sessions: readonly Session[]): TaskPaths[] {
  return study.tasks.map((t) => taskPaths(t, sessions));
}
