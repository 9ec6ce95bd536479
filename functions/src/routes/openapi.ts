import type { OpenAPIHono } from "@hono/zod-openapi";
import { SECURITY_SCHEMES } from "../http/openapi";
import { accessOf } from "../http/route-access";

const UNAUTHORIZED = {
  description: "Missing or invalid bearer token",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

/**
 * The OpenAPI document, generated from the routes' own declarations (createRoute): their
 * schemas, responses and security. Reviewer routes (no `security` of their own) say 401.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's registry
export function openApiDocument(app: OpenAPIHono<any, any, any>) {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  const doc = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Frictionmap API",
      version: "1",
      description:
        "Researcher and participant API of Frictionmap. Errors are {error:{code,message,details?}}.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
  });
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops as Record<string, { security?: []; responses?: object }>)) {
      if (accessOf(op.security) === "reviewer") op.responses = { ...op.responses, 401: UNAUTHORIZED };
    }
  }
  return doc;
}
