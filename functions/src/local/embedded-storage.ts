import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import dynalite from "dynalite";
import S3rver from "s3rver";
import { dynamoClient, type StorageConfig, s3Options } from "../adapters/aws";
import { ensureTable } from "../adapters/dynamo/create-table";

export interface EmbeddedStorage {
  config: StorageConfig;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/**
 * Starts dynalite (DynamoDB) and s3rver (S3) in this process on loopback, keeping their
 * data under `dataDir` (or in memory for dynalite when dataDir is undefined), then makes
 * sure the table and bucket exist. The app reaches them through the same AWS SDK adapters
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

  const dynamoServer: Server = dynalite({
    path: dynamoDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    dynamoServer.once("error", reject);
    dynamoServer.listen(0, "127.0.0.1", () => resolve());
  });
  const dynamoPort = (dynamoServer.address() as AddressInfo).port;

  const s3Server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3Dir });
  const s3Address = await s3Server.run();

  const config: StorageConfig = {
    region: "us-east-1",
    tableName: opts.tableName ?? "frictionmap",
    bucketName: opts.bucketName ?? "frictionmap-recordings",
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    credentials: LOCAL_CREDENTIALS,
  };
  const dynamo = dynamoClient(config);
  const s3 = new S3Client(s3Options(config));
  await ensureTable(dynamo, config.tableName);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: config.bucketName }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: config.bucketName }));
  }
  dynamo.destroy();
  s3.destroy();

  return {
    config,
    async stop() {
      await s3Server.close();
      await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
    },
  };
}
