import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retentionTagging } from "../../functions/src/adapters/s3-blob-store";
import { RETENTION_CLASSES, RETENTION_TAG } from "../../functions/src/domain/retention";
import { chunkKey, sessionPrefix } from "../../functions/src/domain/session";
import { resources, type Synthesized, statementsOf, synthesize } from "./synth";

const byPrefix = (s: Synthesized, type: string, prefix: string) =>
  resources(s.template, type).filter(([id]) => id.startsWith(prefix));

describe("the job queue, the worker, the closed API and retention (synthesized)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ retentionDays: 90 });
  });
  afterAll(() => s?.remove());

  it("has an encrypted job queue with a dead-letter queue after 5 tries, and an alarm on it", () => {
    const [[, queue] = []] = byPrefix(s, "AWS::SQS::Queue", "JobsQueue");
    const [[dlqId, dlq] = []] = byPrefix(s, "AWS::SQS::Queue", "JobsDeadLetters");
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 900,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] } },
    });
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    for (const [, policy] of resources(s.template, "AWS::SQS::QueuePolicy")) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    s.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "frictionmap-dev-jobs-dead-letters",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Threshold: 1,
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId, "QueueName"] } }],
    });
  });

  it("feeds the worker from the queue with partial batch failures; the API and sweeper may only send", () => {
    const [[workerId, worker] = []] = byPrefix(s, "AWS::Lambda::Function", "JobsWorkerFn");
    expect(worker.Properties.Timeout).toBe(600);
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: workerId },
      BatchSize: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    for (const fn of ["ApiHandler", "SweeperHandler"]) {
      const actions = statementsOf(s.template, "AWS::IAM::Policy", `${fn}Role`).flatMap((st: any) =>
        [st.Action].flat(),
      );
      expect(actions, fn).toContain("sqs:SendMessage");
      expect(actions, fn).not.toContain("sqs:ReceiveMessage");
    }
    for (const fn of ["ApiHandlerFn", "JobsWorkerFn", "SweeperHandlerFn"]) {
      const [[, f] = []] = byPrefix(s, "AWS::Lambda::Function", fn);
      expect(Object.keys(f.Properties.Environment.Variables), fn).toContain("QUEUE_URL");
    }
    for (const name of ["api", "worker", "sweeper"]) {
      s.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        AlarmName: `frictionmap-dev-${name}-errors`,
      });
    }
  });

  it("lets CloudFront alone reach the API: it sends the origin-verify secret, the app checks it", () => {
    const [[secretId] = []] = byPrefix(s, "AWS::SecretsManager::Secret", "OriginVerify");
    expect(secretId).toBeDefined();
    const [[, cdn] = []] = resources(s.template, "AWS::CloudFront::Distribution");
    const apiOrigin = cdn.Properties.DistributionConfig.Origins.find((o: any) =>
      JSON.stringify(o.DomainName).includes("execute-api"),
    );
    const headers = Object.fromEntries(
      apiOrigin.OriginCustomHeaders.map((h: any) => [h.HeaderName, JSON.stringify(h.HeaderValue)]),
    );
    expect(headers["x-origin-verify"]).toContain(`{{resolve:secretsmanager:`);
    expect(headers["x-origin-verify"]).toContain(secretId);
    expect(headers["x-origin-verify-rotation"]).toBe('"0"');
    const [[, api] = []] = byPrefix(s, "AWS::Lambda::Function", "ApiHandlerFn");
    expect(api.Properties.Environment.Variables.ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it("expires recordings by their retention tag, on the schedule of the DynamoDB ttl, within the ceiling", () => {
    const [[, bucket] = []] = byPrefix(s, "AWS::S3::Bucket", "StorageRecordings");
    const rules = bucket.Properties.LifecycleConfiguration.Rules as any[];
    expect(rules.find((r) => r.Id === "retention")).toMatchObject({ ExpirationInDays: 90 });
    for (const days of RETENTION_CLASSES.filter((d) => d < 90)) {
      expect(rules.find((r) => r.Id === `retention-${days}d`)).toMatchObject({
        ExpirationInDays: days,
        Status: "Enabled",
        TagFilters: [{ Key: RETENTION_TAG, Value: String(days) }],
      });
    }
    expect(rules.some((r) => r.Id === "retention-180d")).toBe(false);
  });

  it("expires every object we write, under every prefix: by its tag's class, and by the ceiling regardless", () => {
    const [[, bucket] = []] = byPrefix(s, "AWS::S3::Bucket", "StorageRecordings");
    const rules = bucket.Properties.LifecycleConfiguration.Rules as any[];
    // S3's own matching: a rule applies when the key starts with its prefix and the object
    // carries every tag of its filter.
    const applying = (key: string, tags: Record<string, string>) =>
      rules
        .filter((r) => r.Status === "Enabled" && r.ExpirationInDays)
        .filter((r) => key.startsWith(r.Prefix ?? r.Filter?.Prefix ?? ""))
        .filter((r) => (r.TagFilters ?? []).every((t: any) => tags[t.Key] === t.Value))
        .map((r) => r.ExpirationInDays as number);
    const session = "se_00000000000000000001";
    const keys = [
      chunkKey(session, 0, "abc"), // a chunk as ingest stores it
      `${sessionPrefix(session)}compacted/000.br`, // anything else under the session's prefix
      "exports/st_00000000000000000001/report.csv", // and outside it
    ];
    for (const key of keys) {
      // The tag every put carries (BlobStore.put has no form without a retention).
      const tags = Object.fromEntries(new URLSearchParams(retentionTagging(30)));
      expect(Math.min(...applying(key, tags)), key).toBe(30);
      expect(applying(key, {}), `${key} untagged`).toEqual([90]); // the ceiling still expires it
    }
  });
});
