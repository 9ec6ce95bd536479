import { handle } from "hono/aws-lambda";
import { jsonLogger, storageDeps } from "../adapters/aws";
import { adminTokenAuth } from "../adapters/token-auth";
import { createApp } from "../app";
import { loadLambdaConfig } from "../config";

const cfg = loadLambdaConfig();
const app = createApp({
  ...storageDeps(cfg),
  auth: adminTokenAuth(cfg.adminToken),
  log: jsonLogger,
  now: () => new Date(),
  ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
});

export const handler = handle(app);
