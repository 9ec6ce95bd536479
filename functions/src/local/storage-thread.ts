/**
 * The embedded storage servers (dynalite for DynamoDB, s3rver for S3), run on a thread of
 * their own (embedded-storage.ts starts it), so that local mode uses both cores: the app on
 * the main thread, the servers' parsing, LevelDB and file writes here.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import dynalite from "dynalite";
import S3rver from "s3rver";

const { dynamoDir, s3Dir } = workerData as { dynamoDir: string; s3Dir: string };
const port = parentPort;
if (!port) throw new Error("storage-thread.ts runs as a worker thread");

const dynamoServer: Server = dynalite({
  path: dynamoDir,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
const s3Server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3Dir });

async function start() {
  await new Promise<void>((resolve, reject) => {
    dynamoServer.once("error", reject);
    dynamoServer.listen(0, "127.0.0.1", () => resolve());
  });
  const s3Address = await s3Server.run();
  return { dynamoPort: (dynamoServer.address() as AddressInfo).port, s3Port: s3Address.port };
}

port.on("message", async (msg: unknown) => {
  if (msg !== "stop") return;
  await s3Server.close();
  await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
  port.postMessage({ stopped: true });
});

start().then(
  (ports) => port.postMessage({ ports }),
  (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) }),
);
