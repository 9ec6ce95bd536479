import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { jsonLogger } from "../adapters/aws";
import { memoryMetrics } from "../adapters/memory-metrics";
import { openOrigin } from "../adapters/origin-guard";
import { adminTokenAuth } from "../adapters/token-auth";
import { createApp } from "../app";
import { composeApp, composeInProcess } from "../composition";
import type { LocalConfig } from "../config";
import type { Logger } from "../ports";
import { sweepIdleSessions } from "../services/sweep";
import { startDemoSite } from "./demo-site";
import { startEmbeddedStorage } from "./embedded-storage";
import { fileAssets } from "./file-assets";
import { seedDemo } from "./seed-demo";

export interface LocalPlatform {
  /** The public URL (FRICTIONMAP_PUBLIC_URL, else http://localhost:port). */
  url: string;
  /** The loopback port it listens on. */
  port: number;
  demoUrl: string;
  demoInviteUrl: string;
  demoStudyId: string;
  adminToken: string;
  stop(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

/** The admin token: the configured one, else one generated once and kept in the data dir. */
function adminTokenFor(cfg: LocalConfig): { token: string; file: string | null } {
  if (cfg.adminToken) return { token: cfg.adminToken, file: null };
  const file = join(cfg.dataDir, "admin-token");
  if (existsSync(file)) return { token: readFileSync(file, "utf8").trim(), file };
  const token = randomBytes(24).toString("base64url");
  mkdirSync(cfg.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}

/** The whole platform on this machine: embedded storage, then the app on loopback. */
export async function startLocalPlatform(cfg: LocalConfig, log: Logger = jsonLogger): Promise<LocalPlatform> {
  const storage = await startEmbeddedStorage({ dataDir: cfg.dataDir });
  const { token, file } = adminTokenFor(cfg);
  // The queue's journal in the data dir: a restart runs what was queued, delayed or running.
  const { core, queue } = composeInProcess(
    { storage: storage.config, log, metrics: memoryMetrics() },
    { journal: join(cfg.dataDir, "jobs.jsonl") },
  );
  const deps = composeApp(core, {
    auth: adminTokenAuth(token),
    origin: openOrigin,
    assets: fileAssets(process.cwd()),
    localAdminToken: { file },
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
  });
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: cfg.port, hostname: "127.0.0.1" }, () => resolve(s));
    s.once("error", (err) => {
      storage.stop().finally(() => reject(err));
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = cfg.publicUrl ?? `http://localhost:${port}`;
  const demo = await startDemoSite(cfg.demoPort, url);
  const seeded = await seedDemo(deps, { dataDir: cfg.dataDir, demoUrl: demo.url, platformUrl: url });
  const sweeper = setInterval(() => {
    sweepIdleSessions(deps, new Date()).catch((err) =>
      log({ level: "error", msg: "sweep failed", error: String(err) }),
    );
  }, SWEEP_EVERY_MS);
  sweeper.unref();
  return {
    url,
    port,
    demoUrl: demo.url,
    demoInviteUrl: seeded.inviteUrl,
    demoStudyId: seeded.studyId,
    adminToken: token,
    async stop() {
      clearInterval(sweeper);
      queue.stop();
      await demo.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await storage.stop();
    },
  };
}
