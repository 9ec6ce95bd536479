import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { jsonLogger, storageDeps } from "../adapters/aws";
import { adminTokenAuth } from "../adapters/token-auth";
import { createApp } from "../app";
import type { LocalConfig } from "../config";
import type { Logger } from "../ports";
import { startEmbeddedStorage } from "./embedded-storage";

export interface LocalPlatform {
  url: string;
  adminToken: string;
  stop(): Promise<void>;
}

/** The admin token: the configured one, else one generated once and kept in the data dir. */
function adminTokenFor(cfg: LocalConfig): { token: string; generated: boolean } {
  if (cfg.adminToken) return { token: cfg.adminToken, generated: false };
  const file = join(cfg.dataDir, "admin-token");
  if (existsSync(file)) return { token: readFileSync(file, "utf8").trim(), generated: true };
  const token = randomBytes(24).toString("base64url");
  mkdirSync(cfg.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true };
}

/** The whole platform on this machine: embedded storage, then the app on loopback. */
export async function startLocalPlatform(cfg: LocalConfig, log: Logger = jsonLogger): Promise<LocalPlatform> {
  const storage = await startEmbeddedStorage({ dataDir: cfg.dataDir });
  const { token } = adminTokenFor(cfg);
  const app = createApp({
    ...storageDeps(storage.config),
    auth: adminTokenAuth(token),
    log,
    now: () => new Date(),
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: cfg.port, hostname: "127.0.0.1" }, () => resolve(s));
    s.once("error", (err) => {
      storage.stop().finally(() => reject(err));
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    adminToken: token,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await storage.stop();
    },
  };
}
