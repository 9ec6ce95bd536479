import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { memoryMetrics } from "../../functions/src/adapters/memory-metrics";
import { openOrigin } from "../../functions/src/adapters/origin-guard";
import { adminTokenAuth } from "../../functions/src/adapters/token-auth";
import { createApp } from "../../functions/src/app";
import { composeApp, composeInProcess } from "../../functions/src/composition";
import { createStudy, type Study, studyInputSchema } from "../../functions/src/domain/study";
import { parseWith } from "../../functions/src/domain/validation";
import { startEmbeddedStorage } from "../../functions/src/local/embedded-storage";
import { fileAssets } from "../../functions/src/local/file-assets";
import { demoStudyInput } from "../../functions/src/local/seed-demo";
import type { Deps } from "../../functions/src/ports";

export interface ReviewerPlatform {
  url: string;
  deps: Deps;
  stop(): Promise<void>;
}

/**
 * The local platform as `npm start` builds it (embedded dynalite and s3rver, the same app,
 * the built reviewer from web/dist), with its stores in reach so tests and benchmarks can
 * write recordings and analysis results through the real storage code.
 */
export async function startReviewerPlatform(
  dataDir: string,
  adminToken: string,
  port = 0,
): Promise<ReviewerPlatform> {
  const storage = await startEmbeddedStorage({ dataDir });
  const { core, queue } = composeInProcess({
    storage: storage.config,
    log: () => {},
    metrics: memoryMetrics(),
  });
  const deps = composeApp(core, {
    auth: adminTokenAuth(adminToken),
    origin: openOrigin,
    assets: fileAssets(process.cwd()),
  });
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}`,
    deps,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      queue.stop();
      await storage.stop();
    },
  };
}

/** The demo study (two tasks, journey steps with stages), stored as the seed stores it. */
export async function storeDemoStudy(deps: Deps, siteUrl = "http://localhost:8788"): Promise<Study> {
  const parsed = parseWith(studyInputSchema, demoStudyInput(siteUrl));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const study = createStudy(parsed.value, new Date());
  await deps.studies.create(study);
  return study;
}
