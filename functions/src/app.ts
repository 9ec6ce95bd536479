import { Hono } from "hono";
import { AppError } from "./domain/errors";
import { signInConfig } from "./domain/sign-in";
import { serveAsset } from "./http/assets";
import type { AppEnv } from "./http/env";
import { toErrorResponse } from "./http/errors";
import { noStore, requestContext, requireReviewer } from "./http/middleware";
import type { Deps } from "./ports";
import { studyAnalysisRoutes } from "./routes/analysis";
import { annotationRoutes, sessionAnnotationRoutes } from "./routes/annotations";
import { clipRoutes, sessionClipRoutes, studyClipRoutes } from "./routes/clips";
import { invitePageRoutes } from "./routes/invite-page";
import { inviteRoutes } from "./routes/invites";
import { OPERATIONS, openApiDocument } from "./routes/openapi";
import { ingestRoutes, inviteAcceptRoutes } from "./routes/participant";
import { reelRoutes, studyReelRoutes } from "./routes/reels";
import { sessionRoutes, studySessionRoutes } from "./routes/sessions";
import { sharePageRoutes } from "./routes/share-page";
import { shareRoutes, studyShareRoutes } from "./routes/shares";
import { studyRoutes } from "./routes/studies";

/** API paths anyone may call; participants' routes check their own tokens. */
const PUBLIC_API = new Set(["/api/health", "/api/openapi.json", "/api/auth/config"]);
const PUBLIC_API_PREFIXES = ["/api/ingest/", "/api/invites/"];
const isPublicApi = (path: string) =>
  PUBLIC_API.has(path) || PUBLIC_API_PREFIXES.some((p) => path.startsWith(p));

const KNOWN_PATHS = Object.entries(OPERATIONS).map(([path, ops]) => ({
  pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
  allow: Object.keys(ops).map((m) => m.toUpperCase()),
}));

/** The whole platform as one fetch handler; no I/O happens until a request arrives. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext(deps));
  app.onError(toErrorResponse);
  app.notFound((c) => {
    const known = KNOWN_PATHS.find((k) => k.pattern.test(c.req.path));
    if (known) {
      c.header("Allow", known.allow.join(", "));
      return toErrorResponse(
        new AppError(
          405,
          "method_not_allowed",
          `${c.req.method} is not allowed here; use ${known.allow.join(" or ")}.`,
        ),
        c,
      );
    }
    return toErrorResponse(new AppError(404, "not_found", `Nothing at ${c.req.path}.`), c);
  });

  const reviewerOnly = requireReviewer(deps);
  app.use("/api/*", async (c, next) => (isPublicApi(c.req.path) ? next() : reviewerOnly(c, next)));
  app.use("/api/*", noStore);

  app.get("/api/health", (c) => c.json({ ok: true }));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/api/auth/config", (c) =>
    c.json(signInConfig(deps.signIn, deps.publicUrl ?? new URL(c.req.url).origin)),
  );
  app.route("/api/studies", studyRoutes);
  app.route("/api/studies/:id/invites", inviteRoutes);
  app.route("/api/studies/:id/sessions", studySessionRoutes);
  app.route("/api/studies/:id/clips", studyClipRoutes);
  app.route("/api/studies/:id/reels", studyReelRoutes);
  app.route("/api/studies/:id/shares", studyShareRoutes);
  app.route("/api/studies/:id", studyAnalysisRoutes);
  app.route("/api/sessions/:id/annotations", sessionAnnotationRoutes);
  app.route("/api/sessions/:id/clips", sessionClipRoutes);
  app.route("/api/clips", clipRoutes);
  app.route("/api/reels", reelRoutes);
  app.route("/api/shares", shareRoutes);
  app.route("/api/sessions", sessionRoutes);
  app.route("/api/annotations", annotationRoutes);
  app.route("/api/invites", inviteAcceptRoutes);
  app.route("/api/ingest/sessions", ingestRoutes);
  app.route("/i", invitePageRoutes);
  app.route("/s", sharePageRoutes(deps.now));
  if (deps.assets) app.get("*", serveAsset(deps.assets));
  return app;
}

export type App = ReturnType<typeof createApp>;
