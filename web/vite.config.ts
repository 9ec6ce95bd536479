import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/** The reviewer: built into web/dist, which the platform serves at `/`. */
export default defineConfig(({ command }) => {
  // A build is always a production build, even when started from a test runner that set
  // NODE_ENV=test (Preact's debug layer and dev JSX must not ship).
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: fileURLToPath(new URL(".", import.meta.url)),
    plugins: [preact({ prerender: { enabled: false } })],
    build: {
      outDir: "dist",
      emptyOutDir: true,
      target: "es2022",
      reportCompressedSize: false,
    },
  };
});
