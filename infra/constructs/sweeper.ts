import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { AppFunction } from "./app-function";

export interface SweeperProps {
  table: ITable;
  bucket: IBucket;
  /** Where the analyses of swept sessions go. */
  queue: IQueue;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  every?: Duration;
}

/**
 * Marks sessions abandoned when their participant went silent: an EventBridge schedule
 * runs functions/src/entry/sweeper.ts, the same sweepIdleSessions() as the local timer; the
 * analysis of each swept session is a job for the worker.
 */
export class Sweeper extends Construct {
  readonly handler: AppFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);
    this.handler = new AppFunction(this, "Handler", {
      entry: "sweeper.ts",
      description: "Frictionmap sweeper: idle sessions marked abandoned, their analysis queued",
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: Duration.minutes(2),
      memorySize: 512,
    })
      .bindTable(props.table, "sweep")
      .bindQueue(props.queue)
      // Only the name: the sweeper reads config like the API does, but never touches objects.
      .env("BUCKET_NAME", props.bucket.bucketName);

    this.rule = new Rule(this, "Schedule", {
      description: "Frictionmap: sweep idle sessions",
      schedule: Schedule.rate(props.every ?? Duration.minutes(10)),
      targets: [new LambdaFunction(this.handler.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10) })],
    });
  }
}
