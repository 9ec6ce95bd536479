import { createRoute, z } from "@hono/zod-openapi";
import { signInConfig } from "../domain/sign-in";
import { json, PUBLIC } from "../http/openapi";
import { apiRouter } from "../http/router";

const health = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness check",
  security: PUBLIC,
  responses: { 200: json(z.object({ ok: z.boolean() }), "Up") },
});

const authConfig = createRoute({
  method: "get",
  path: "/auth/config",
  summary: "How reviewers sign in: the hosted sign-in (Cognito PKCE) when deployed, else null",
  security: PUBLIC,
  responses: {
    200: json(
      z.object({
        cognito: z.object({ authBase: z.string(), clientId: z.string(), redirectUri: z.string() }).nullable(),
        localAdminToken: z
          .object({ file: z.string().nullable() })
          .optional()
          .openapi({ description: "Local mode: the file the admin token is kept in (null: given by env)" }),
      }),
      "The sign-in settings",
    ),
  },
});

/** Mounted at /api: what anyone may ask before signing in. */
export const metaRoutes = apiRouter()
  .openapi(health, (c) => c.json({ ok: true }, 200))
  .openapi(authConfig, (c) =>
    c.json(
      signInConfig(
        c.var.deps.signIn,
        c.var.deps.publicUrl ?? new URL(c.req.url).origin,
        c.var.deps.localAdminToken,
      ),
      200,
    ),
  );
