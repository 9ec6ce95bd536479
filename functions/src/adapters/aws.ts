import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Deps, Logger } from "../ports";
import { dynamoAnalysisResults } from "./dynamo/analysis-results";
import { dynamoAnnotationStore } from "./dynamo/annotation-store";
import { dynamoAttemptStore } from "./dynamo/attempt-store";
import { dynamoClipStore, dynamoReelStore } from "./dynamo/clip-store";
import { dynamoInviteStore } from "./dynamo/invite-store";
import { dynamoJobStore } from "./dynamo/job-store";
import { dynamoRecordingIndex } from "./dynamo/recording-index";
import { dynamoReportAggregates } from "./dynamo/report-aggregates";
import { dynamoSessionRecords } from "./dynamo/session-records";
import { dynamoShareStore } from "./dynamo/share-store";
import { dynamoStudyStore } from "./dynamo/study-store";
import { dynamoSweeperIndex } from "./dynamo/sweeper-index";
import { Table } from "./dynamo/table";
import { s3BlobStore } from "./s3-blob-store";

export interface StorageConfig {
  region: string;
  tableName: string;
  bucketName: string;
  /** Set in local mode (the embedded servers); unset in AWS. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const common = (cfg: StorageConfig) => ({
  region: cfg.region,
  maxAttempts: 5,
  ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
});

export function dynamoClient(cfg: StorageConfig): DynamoDBClient {
  return new DynamoDBClient({
    ...common(cfg),
    ...(cfg.dynamoEndpoint ? { endpoint: cfg.dynamoEndpoint } : {}),
  });
}

/**
 * The S3 client options: for the embedded server, path-style addressing and no per-object
 * CRC32 (it is on loopback and checks none; in AWS the SDK's default checksums stay).
 */
export function s3Options(cfg: StorageConfig) {
  return {
    ...common(cfg),
    ...(cfg.s3Endpoint
      ? {
          endpoint: cfg.s3Endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: "WHEN_REQUIRED" as const,
          responseChecksumValidation: "WHEN_REQUIRED" as const,
        }
      : {}),
  };
}

export type StorageDep =
  | "studies"
  | "invites"
  | "sessions"
  | "attempts"
  | "recordings"
  | "analyses"
  | "aggregates"
  | "idleSessions"
  | "annotations"
  | "clips"
  | "reels"
  | "shares"
  | "blobs"
  | "jobs";

/** Everything the app needs, on DynamoDB and S3 (AWS or the embedded servers alike). */
export function storageDeps(cfg: StorageConfig): Pick<Deps, StorageDep> {
  const table = new Table(dynamoClient(cfg), cfg.tableName);
  return {
    studies: dynamoStudyStore(table),
    invites: dynamoInviteStore(table),
    sessions: dynamoSessionRecords(table),
    attempts: dynamoAttemptStore(table),
    recordings: dynamoRecordingIndex(table),
    analyses: dynamoAnalysisResults(table),
    aggregates: dynamoReportAggregates(table),
    idleSessions: dynamoSweeperIndex(table),
    annotations: dynamoAnnotationStore(table),
    clips: dynamoClipStore(table),
    reels: dynamoReelStore(table),
    shares: dynamoShareStore(table),
    jobs: dynamoJobStore(table),
    blobs: s3BlobStore((sdk) => new sdk.S3Client(s3Options(cfg)), cfg.bucketName),
  };
}

export const jsonLogger: Logger = (line) => {
  const out = JSON.stringify({ time: new Date().toISOString(), ...line });
  if (line.level === "error") console.error(out);
  else console.log(out);
};
