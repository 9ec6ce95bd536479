/**
 * Builds recorder.js (npm run build:recorder): one minified IIFE, as small as it can be.
 *
 * rrweb's record bundle cannot be tree-shaken inside: canvas recording (a web worker's source
 * as a string, WebGL and 2D context patching) ships even with `recordCanvas: false`, which the
 * recorder always sets. The plugin below replaces that part of @rrweb/record with an inert
 * CanvasManager of the same interface, and fails the build when rrweb's text no longer has
 * the shape it expects (an rrweb upgrade is then checked by hand, not shipped half-cut).
 *
 *   npx tsx recorder/build.ts [--entry file --outfile file]
 */
import { readFile } from "node:fs/promises";
import { build, type Plugin } from "esbuild";

const CANVAS_START = 'var chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";';
const CANVAS_END = "class StylesheetManager {";
/** What rrweb calls on its canvas manager when canvas recording is off. */
const INERT_CANVAS = "class CanvasManager{reset(){}freeze(){}unfreeze(){}lock(){}unlock(){}}\n";

/** Removes rrweb's canvas recording (never enabled by the recorder) from its record bundle. */
export const withoutCanvas: Plugin = {
  name: "rrweb-without-canvas",
  setup(b) {
    b.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const start = text.indexOf(CANVAS_START);
      const end = text.indexOf(CANVAS_END);
      const cut = start >= 0 && end > start ? text.slice(start, end) : "";
      if (!cut.includes("class CanvasManager {") || !cut.includes("function initCanvas2DMutationObserver"))
        throw new Error("@rrweb/record changed shape: review recorder/build.ts's canvas cut");
      const rest = text.slice(0, start) + text.slice(end);
      // Every top-level name of the cut part must be unused elsewhere (CanvasManager aside).
      for (const [, name] of cut.matchAll(/^(?:function|class|const|let|var) ([A-Za-z_$][\w$]*)/gm)) {
        if (name && name !== "CanvasManager" && new RegExp(`\\b${name}\\b(?!:)`).test(rest))
          throw new Error(`@rrweb/record uses ${name} outside canvas recording: review recorder/build.ts`);
      }
      return { contents: text.slice(0, start) + INERT_CANVAS + text.slice(end), loader: "js" };
    });
  },
};

export async function buildRecorder(entry = "recorder/src/index.ts", outfile = "dist/recorder/recorder.js") {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    legalComments: "none",
    plugins: [withoutCanvas],
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  await buildRecorder(arg("entry"), arg("outfile"));
}
