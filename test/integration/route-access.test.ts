import { createRoute, z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app";
import { toErrorResponse } from "../../functions/src/http/errors";
import { json, PUBLIC } from "../../functions/src/http/openapi";
import { routeGate, routeTable } from "../../functions/src/http/route-access";
import { apiRouter } from "../../functions/src/http/router";
import type { Deps } from "../../functions/src/ports";
import { exampleStudyInput } from "../fixtures/studies";
import { client, seedSession } from "../setup/api";
import { ADMIN_TOKEN, embeddedStorage, testDeps } from "../setup/storage";

type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> };

/** Auth is part of each route's declaration: private unless it says otherwise. */
describe("route access from the declarations", () => {
  let storage: Awaited<ReturnType<typeof embeddedStorage>>;
  let deps: Deps;
  let app: ReturnType<typeof createApp>;
  let doc: Doc;

  beforeAll(async () => {
    storage = await embeddedStorage();
    ({ deps } = testDeps(storage.config));
    app = createApp(deps);
    doc = (await (await app.request("/api/openapi.json")).json()) as Doc;
  });
  afterAll(async () => storage?.stop());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        security: op.security,
      })),
    );

  it("every route without its own security answers 401 without a reviewer token", async () => {
    const reviewer = operations().filter((op) => op.security === undefined);
    expect(reviewer.length).toBeGreaterThan(15);
    for (const op of reviewer) {
      const path = op.path.replace(/\{\w+\}/g, "st_00000000000000000000");
      const res = await app.request(path, {
        method: op.method,
        headers: { "content-type": "application/json" },
        ...(op.method === "GET" || op.method === "DELETE" ? {} : { body: "{}" }),
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  it("public routes answer without a token; participant routes want the session's own token", async () => {
    for (const op of operations().filter((o) => o.security?.length === 0 && o.method === "GET")) {
      expect((await app.request(op.path)).status, op.path).toBe(200);
    }
    const api = client(app);
    const study = (await api.post("/api/studies", { ...exampleStudyInput(), status: "live" })).json;
    const session = await seedSession(deps, study.id, []);
    const participant = operations().filter((o) => JSON.stringify(o.security) === '[{"participant":[]}]');
    expect(participant.length).toBeGreaterThanOrEqual(5);
    for (const op of participant) {
      const path = op.path.replace("{id}", session.id).replace(/\{\w+\}/g, "0");
      for (const authorization of [undefined, `Bearer ${ADMIN_TOKEN}`]) {
        const res = await app.request(path, {
          method: op.method,
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          ...(op.method === "GET" ? {} : { body: "{}" }),
        });
        expect(res.status, `${op.method} ${op.path}`).toBe(401);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
          /session's token/,
        );
      }
    }
  });

  it("a route added without security is a reviewer route; PUBLIC opens it", async () => {
    const ok = json(z.object({ ok: z.boolean() }), "OK");
    const routes = apiRouter()
      .openapi(createRoute({ method: "get", path: "/new", responses: { 200: ok } }), (c) =>
        c.json({ ok: true }, 200),
      )
      .openapi(createRoute({ method: "get", path: "/open", security: PUBLIC, responses: { 200: ok } }), (c) =>
        c.json({ ok: true }, 200),
      );
    const toy = apiRouter();
    toy.use("*", async (c, next) => {
      c.set("deps", deps);
      await next();
    });
    toy.onError(toErrorResponse);
    toy.use("/api/*", routeGate(deps, routeTable(toy)));
    toy.route("/api", routes);
    expect((await toy.request("/api/new")).status).toBe(401);
    expect((await toy.request("/api/undeclared")).status).toBe(401);
    expect(
      (await toy.request("/api/new", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status,
    ).toBe(200);
    expect((await toy.request("/api/open")).status).toBe(200);
  });
});
