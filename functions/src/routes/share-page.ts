import type { SharedView } from "@frictionmap/protocol";
import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import { hashToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import type { AppEnv } from "../http/env";
import { rateLimit } from "../http/rate-limit";
import { clipSlice, openShare, type ShareRefusal } from "../services/shared-view";

const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** JSON inside a <script type="application/json">: nothing in it can close the tag. */
const inert = (value: unknown) =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

/** The same policy on every share page. */
const CSP = (() => {
  // The replay is rebuilt in rrweb's sandboxed iframe (no scripts), which inherits this policy:
  // the recorded page's styles, images and fonts must load; nothing may frame this page.
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'unsafe-inline' https: http: data: blob:`,
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data: https: http:",
    "media-src 'self' blob: data: https:",
    "connect-src 'self'",
    "frame-src 'self' blob: data:",
    "child-src 'self' blob: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
})();

function page(title: string, body: ReturnType<typeof html>, data?: SharedView) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,"><title>${title} · Frictionmap</title>
<link rel="stylesheet" href="/share/share.css"></head>
<body><header class="share-top"><span class="logo" aria-hidden="true"></span>Frictionmap <span class="muted">· shared ${data ? (data.kind === "reel" ? "highlight reel" : "clip") : "link"}</span></header>
<main class="share-main">${body}</main>
${data ? html`<script type="application/json" id="fm-share-data">${raw(inert(data))}</script><script type="module" src="/share/share.js"></script>` : ""}
</body></html>`;
}

function refusalPage(c: Context<AppEnv>, r: ShareRefusal) {
  return c.html(
    page(
      r.title,
      html`<section class="refusal"><h1>${r.title}</h1><p class="lead" data-fm-refusal="${r.code}">${r.message}</p></section>`,
    ),
    r.status,
  );
}

const refusalError = (r: ShareRefusal) =>
  new AppError(r.status, r.code === "unknown" ? "not_found" : r.code, r.message);

async function opened(c: Context<AppEnv>) {
  const token = c.req.param("token") ?? "";
  if (!SHARE_TOKEN.test(token)) {
    return {
      ok: false as const,
      refusal: {
        status: 404 as const,
        code: "unknown",
        title: "This link does not work",
        message: "Check that you copied the whole link.",
      },
    };
  }
  return openShare(c.var.deps, hashToken(token), c.var.deps.now());
}

/**
 * Mounted at /s: what someone without an account sees through a share link. A token reads its
 * clip or reel and nothing else; responses are never indexed or cached.
 */
export function sharePageRoutes(now: () => Date) {
  return new Hono<AppEnv>()
    .use("*", async (c, next) => {
      await next();
      c.res.headers.set("X-Robots-Tag", "noindex, nofollow, noarchive");
      c.res.headers.set("Cache-Control", "no-store");
      c.res.headers.set("Referrer-Policy", "no-referrer");
      c.res.headers.set("X-Content-Type-Options", "nosniff");
    })
    .use(
      "*",
      rateLimit({ max: 120, windowMs: 60_000 }, () => now().getTime()),
    )
    .get("/:token", async (c) => {
      c.header("Content-Security-Policy", CSP);
      const result = await opened(c);
      if (!result.ok) return refusalPage(c, result.refusal);
      const { view } = result;
      const first = view.clips[0];
      const meta =
        view.kind === "reel"
          ? `${view.clips.length} clips`
          : first
            ? [first.participantLabel, first.task, first.step].filter(Boolean).join(" · ")
            : "";
      return c.html(
        page(
          view.title,
          html`<h1 class="share-title">${view.title}</h1>
<p class="share-meta">${meta}</p>
${view.note ? html`<p class="share-note">${view.note}</p>` : ""}
<div class="share-player" data-fm="share-player" data-fm-state="loading"><div class="share-stage" data-fm="share-stage"></div></div>
<noscript><p>The replay needs JavaScript in this page (the recorded page itself runs none).</p></noscript>`,
          view,
        ),
      );
    })
    .get("/:token/data", async (c) => {
      const result = await opened(c);
      if (!result.ok) throw refusalError(result.refusal);
      return c.json(result.view);
    })
    .get("/:token/clips/:n", async (c) => {
      const result = await opened(c);
      if (!result.ok) throw refusalError(result.refusal);
      const n = Number(c.req.param("n"));
      const clip = Number.isInteger(n) && n >= 0 ? result.clips[n] : undefined;
      if (!clip) throw new AppError(404, "not_found", "This link has no clip with that number.");
      const slice = await clipSlice(c.var.deps, clip);
      if (!slice) throw new AppError(404, "not_found", "The recording of this clip is no longer stored.");
      return c.json(slice);
    });
}
