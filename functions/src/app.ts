import { createRoute, z } from "@hono/zod-openapi";
import { ORIGIN_VERIFY_HEADER } from "./adapters/origin-guard";
import { AppError } from "./domain/errors";
import { serveAsset } from "./http/assets";
import { toErrorResponse } from "./http/errors";
import { noStore, requestContext } from "./http/middleware";
import { json, PUBLIC } from "./http/openapi";
import { routeGate, routeTable } from "./http/route-access";
import { apiRouter } from "./http/router";
import type { Deps } from "./ports";
import { studyAnalysisRoutes } from "./routes/analysis";
import { annotationRoutes, sessionAnnotationRoutes } from "./routes/annotations";
import { studyClickMapRoutes } from "./routes/click-maps";
import { clipRoutes, sessionClipRoutes, studyClipRoutes } from "./routes/clips";
import { invitePageRoutes } from "./routes/invite-page";
import { inviteRoutes } from "./routes/invites";
import { jobRoutes } from "./routes/jobs";
import { metaRoutes } from "./routes/meta";
import { studyNoteRoutes } from "./routes/notes";
import { openApiDocument } from "./routes/openapi";
import { ingestRoutes, inviteAcceptRoutes } from "./routes/participant";
import { studyPathRoutes } from "./routes/paths";
import { reelRoutes, studyReelRoutes } from "./routes/reels";
import { sessionRoutes, studySessionRoutes } from "./routes/sessions";
import { sharePageRoutes } from "./routes/share-page";
import { shareRoutes, studyShareRoutes } from "./routes/shares";
import { studyRoutes } from "./routes/studies";

const document = createRoute({
  method: "get",
  path: "/api/openapi.json",
  summary: "This document",
  security: PUBLIC,
  responses: { 200: json(z.looseObject({ openapi: z.string() }), "An OpenAPI 3.1 document") },
});

/** The whole platform as one fetch handler; no I/O happens until a request arrives. */
export function createApp(deps: Deps) {
  const app = apiRouter();
  const table = routeTable(app);
  app.use("*", requestContext(deps));
  app.onError(toErrorResponse);
  // In AWS only CloudFront knows the origin-verify secret: the API's own endpoint answers 403.
  app.use("*", async (c, next) => {
    if (!(await deps.origin.allows(c.req.header(ORIGIN_VERIFY_HEADER)))) {
      throw new AppError(
        403,
        "not_through_cdn",
        "This API is reached through its CloudFront distribution only.",
      );
    }
    await next();
  });
  app.notFound((c) => {
    const allow = table.allowed(c.req.path);
    if (allow.length > 0) {
      c.header("Allow", allow.join(", "));
      const message = `${c.req.method} is not allowed here; use ${allow.join(" or ")}.`;
      return toErrorResponse(new AppError(405, "method_not_allowed", message), c);
    }
    return toErrorResponse(new AppError(404, "not_found", `Nothing at ${c.req.path}.`), c);
  });
  app.use("/api/*", routeGate(deps, table));
  app.use("/api/*", noStore);

  const api = app
    .route("/api", metaRoutes)
    .route("/api/studies", studyRoutes)
    .route("/api/studies/:id/invites", inviteRoutes)
    .route("/api/studies/:id/sessions", studySessionRoutes)
    .route("/api/studies/:id/clips", studyClipRoutes)
    .route("/api/studies/:id/reels", studyReelRoutes)
    .route("/api/studies/:id/shares", studyShareRoutes)
    .route("/api/studies/:id/notes", studyNoteRoutes)
    .route("/api/studies/:id/paths", studyPathRoutes)
    .route("/api/studies/:id/click-map", studyClickMapRoutes)
    .route("/api/studies/:id", studyAnalysisRoutes)
    .route("/api/sessions/:id/annotations", sessionAnnotationRoutes)
    .route("/api/sessions/:id/clips", sessionClipRoutes)
    .route("/api/clips", clipRoutes)
    .route("/api/reels", reelRoutes)
    .route("/api/shares", shareRoutes)
    .route("/api/sessions", sessionRoutes)
    .route("/api/annotations", annotationRoutes)
    .route("/api/jobs", jobRoutes)
    .route("/api/invites", inviteAcceptRoutes)
    .route("/api/ingest/sessions", ingestRoutes);
  let doc: ReturnType<typeof openApiDocument> | undefined;
  app.openapi(document, (c) => {
    doc ??= openApiDocument(app);
    return c.json(doc, 200);
  });
  app.route("/i", invitePageRoutes);
  app.route("/s", sharePageRoutes(deps.now));
  if (deps.assets) app.get("*", serveAsset(deps.assets));
  return api;
}

/** The API's routes with their inputs and outputs: what `hc<AppType>` clients are typed by. */
export type AppType = ReturnType<typeof createApp>;
export type App = AppType;
