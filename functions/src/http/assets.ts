import type { Handler } from "hono";
import type { AssetSource } from "../ports";
import type { AppEnv } from "./env";

/** GET of a static file; unknown paths fall through to the app's 404. */
export function serveAsset(assets: AssetSource): Handler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const asset = await assets.get(c.req.path);
    if (!asset) return next();
    c.header("Content-Type", asset.contentType);
    c.header("Cache-Control", asset.cacheControl);
    c.header("X-Content-Type-Options", "nosniff");
    if (c.req.path === "/recorder.js") c.header("Access-Control-Allow-Origin", "*");
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  };
}
