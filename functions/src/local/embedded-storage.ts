import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { dynamoClient, type StorageConfig, s3Options } from "../adapters/aws";
import { ensureTable } from "../adapters/dynamo/create-table";

export interface EmbeddedStorage {
  config: StorageConfig;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Starts dynalite (DynamoDB) and s3rver (S3) in this process, on a thread of their own, on
 * loopback, keeping their data under `dataDir`, then makes sure the table and bucket exist. The app reaches them through the same AWS SDK adapters
 * it uses in AWS.
 */
export async function startEmbeddedStorage(opts: {
  dataDir: string;
  tableName?: string;
  bucketName?: string;
}): Promise<EmbeddedStorage> {
  const dynamoDir = join(opts.dataDir, "dynamodb");
  const s3Dir = join(opts.dataDir, "s3");
  mkdirSync(dynamoDir, { recursive: true });
  mkdirSync(s3Dir, { recursive: true });

  const servers = await startStorageThread(dynamoDir, s3Dir);
  const config: StorageConfig = {
    region: "us-east-1",
    tableName: opts.tableName ?? "frictionmap",
    bucketName: opts.bucketName ?? "frictionmap-recordings",
    dynamoEndpoint: `http://127.0.0.1:${servers.ports.dynamoPort}`,
    s3Endpoint: `http://127.0.0.1:${servers.ports.s3Port}`,
    credentials: LOCAL_CREDENTIALS,
  };
  const dynamo = dynamoClient(config);
  const s3 = new S3Client(s3Options(config));
  try {
    await ensureTable(dynamo, config.tableName);
    try {
      await s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket: config.bucketName }));
    }
  } catch (err) {
    await servers.stop();
    throw err;
  } finally {
    dynamo.destroy();
    s3.destroy();
  }

  return {
    config,
    stop: servers.stop,
  };
}

type ThreadMessage =
  | { ports: { dynamoPort: number; s3Port: number } }
  | { error: string }
  | { stopped: true };

/**
 * Starts storage-thread.ts on a worker thread. The thread loads TypeScript the way local
 * mode does (tsx), whether the caller runs under tsx or under the test runner.
 */
async function startStorageThread(dynamoDir: string, s3Dir: string) {
  const file = new URL("./storage-thread.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { dynamoDir, s3Dir } });
  const next = () =>
    new Promise<ThreadMessage>((resolve, reject) => {
      const onError = (err: Error) => {
        worker.off("message", onMessage);
        reject(err);
      };
      const onMessage = (msg: ThreadMessage) => {
        worker.off("error", onError);
        resolve(msg);
      };
      worker.once("message", onMessage);
      worker.once("error", onError);
    });
  const first = await next();
  if (!("ports" in first)) {
    await worker.terminate();
    throw new Error(`embedded storage did not start: ${"error" in first ? first.error : "no ports"}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    ports: first.ports,
    stop(): Promise<void> {
      stopping ??= (async () => {
        const stopped = next();
        worker.postMessage("stop");
        await stopped.catch(() => undefined);
        await worker.terminate();
      })();
      return stopping;
    },
  };
}
