import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import type { AssetSource } from "../ports";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
};

/**
 * The built recorder (dist/recorder) and reviewer (web/dist) from disk, for local mode.
 * Paths are resolved inside those folders only; the reviewer's routes fall back to its
 * index.html (a single-page app).
 */
export function fileAssets(root: string): AssetSource {
  const recorder = resolve(root, "dist/recorder/recorder.js");
  const web = resolve(root, "web/dist");
  const read = async (file: string) => {
    try {
      return await readFile(file);
    } catch {
      return undefined;
    }
  };
  return {
    async get(path) {
      if (path === "/recorder.js") {
        const body = await read(recorder);
        return body && { body, contentType: TYPES[".js"] as string, cacheControl: "public, max-age=300" };
      }
      if (path.startsWith("/api/") || path.startsWith("/i/")) return undefined;
      const file = normalize(join(web, path));
      if (!file.startsWith(web)) return undefined;
      const ext = extname(file);
      const hashed = path.startsWith("/assets/");
      const body = ext ? await read(file) : undefined;
      if (body) {
        return {
          body,
          contentType: TYPES[ext] ?? "application/octet-stream",
          cacheControl: hashed ? "public, max-age=31536000, immutable" : "no-cache",
        };
      }
      if (ext) return undefined;
      const index = await read(join(web, "index.html"));
      return index && { body: index, contentType: TYPES[".html"] as string, cacheControl: "no-cache" };
    },
  };
}
