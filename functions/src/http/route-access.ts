/**
 * Who may call what, read from the route declarations themselves: a route without
 * `security` is a reviewer route, `security: []` is public, `security: [{participant: []}]`
 * needs the session's own token. Anything under /api that no declaration opens (unknown
 * paths included) needs a reviewer.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Deps } from "../ports";
import { preReadJson } from "./body";
import type { AppEnv } from "./env";
import { authenticateReviewer } from "./middleware";
import { admitParticipant } from "./participant-guard";

export type Access = "reviewer" | "participant" | "public";

interface Operation {
  method: string;
  path: string;
  pattern: RegExp;
  access: Access;
  /** The route validates a JSON body: it is read (capped) before the validator runs. */
  jsonBody: boolean;
}

type Security = { [scheme: string]: string[] }[] | undefined;

export function accessOf(security: Security): Access {
  if (security === undefined) return "reviewer";
  if (security.length === 0) return "public";
  if (security.some((s) => "bearer" in s)) return "reviewer";
  return security.every((s) => "participant" in s) ? "participant" : "reviewer";
}

const isZod = (s: unknown) => typeof (s as { safeParse?: unknown } | undefined)?.safeParse === "function";

// biome-ignore lint/suspicious/noExplicitAny: any app's registry
type AnyApp = OpenAPIHono<any, any, any>;

export function operationsOf(app: AnyApp): Operation[] {
  return app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== "route") return [];
    const { method, path, security, request } = d.route;
    const source = `^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\}/g, "(?<$1>[^/]+)")}/?$`;
    return [
      {
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(source),
        access: accessOf(security as Security),
        jsonBody: isZod(
          (request?.body?.content?.["application/json"] as { schema?: unknown } | undefined)?.schema,
        ),
      },
    ];
  });
}

/** The declared routes, for access checks and 405 answers; built once, on first use. */
export function routeTable(app: AnyApp) {
  let ops: Operation[] | undefined;
  const all = () => {
    ops ??= operationsOf(app);
    return ops;
  };
  const onPath = (path: string) => all().filter((op) => op.pattern.test(path));
  return {
    find(method: string, path: string) {
      const m = method === "HEAD" ? "GET" : method;
      const op = onPath(path).find((o) => o.method === m);
      return op && { op, params: op.pattern.exec(path)?.groups ?? {} };
    },
    /** Methods declared on this path, in declaration order. */
    allowed: (path: string) => [...new Set(onPath(path).map((o) => o.method))],
    /** A method not declared here (OPTIONS preflights, 405s) gets the path's own access. */
    pathAccess(path: string): { access: Access; params: Record<string, string> } {
      const found = onPath(path);
      const first = found[0];
      if (!first || found.some((o) => o.access !== first.access)) return { access: "reviewer", params: {} };
      return { access: first.access, params: first.pattern.exec(path)?.groups ?? {} };
    },
  };
}
export type RouteTable = ReturnType<typeof routeTable>;

const decode = (s: string | undefined) => {
  try {
    return decodeURIComponent(s ?? "");
  } catch {
    return s ?? "";
  }
};

/** The one gate in front of every /api route: access as declared, then a capped JSON body. */
export function routeGate(deps: Deps, table: RouteTable): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const found = table.find(c.req.method, c.req.path);
    const { access, params } = found
      ? { access: found.op.access, params: found.params }
      : table.pathAccess(c.req.path);
    if (access === "reviewer") {
      c.set("principal", await authenticateReviewer(deps, c.req.header("authorization")));
    } else if (access === "participant") {
      const preflight = await admitParticipant(c, decode(params.id));
      if (preflight) return preflight;
    }
    if (found?.op.jsonBody) await preReadJson(c);
    await next();
  };
}
