import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { AppFunction } from "./app-function";

export interface JobsProps {
  table: ITable;
  bucket: IBucket;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** How long the worker may take for one batch (a reanalysis of a large study is the longest). */
const WORKER_TIMEOUT = Duration.minutes(10);
/** Tries of a message before it is kept in the dead-letter queue. */
export const MAX_RECEIVES = 5;

/**
 * Work off the request path: the job queue (SQS, encrypted, TLS only) with a dead-letter
 * queue, and the worker Lambda that runs functions/src/entry/worker.ts on its messages
 * (analysis, reanalysis, study erasure), reporting failed messages one by one.
 */
export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly worker: AppFunction;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than the worker may run, so that a message is never handed out twice at once.
      visibilityTimeout: WORKER_TIMEOUT.plus(Duration.minutes(5)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
      removalPolicy: props.removalPolicy,
    });
    this.worker = new AppFunction(this, "Worker", {
      entry: "worker.ts",
      description: "Frictionmap worker: analysis, reanalysis and erasure jobs from the queue",
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
    })
      .bindTable(props.table)
      .bindBucket(props.bucket)
      // The worker reads the queue through its event source; it names it like every runtime does.
      .env("QUEUE_URL", this.queue.queueUrl);
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }),
    );
  }
}
