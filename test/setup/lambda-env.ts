import { ORIGIN_VERIFY } from "../fixtures/apigw-v2";
import { type SentMessage, startSqsStandIn } from "./sqs-stand-in";
import { ADMIN_TOKEN, embeddedStorage } from "./storage";

/**
 * The environment the Lambda entries read (config.ts), pointed at the embedded dynalite +
 * s3rver and a loopback SQS stand-in, as CDK sets it in AWS. Powertools' dev mode makes its
 * Logger and Metrics write through the global console, where a test can read them.
 */
export async function lambdaEnvironment(extra: Record<string, string> = {}) {
  const storage = await embeddedStorage();
  const sqs = await startSqsStandIn();
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_REGION: storage.config.region,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    TABLE_NAME: storage.config.tableName,
    BUCKET_NAME: storage.config.bucketName,
    QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/frictionmap-dev-jobs",
    FRICTIONMAP_DYNAMODB_ENDPOINT: storage.config.dynamoEndpoint,
    FRICTIONMAP_S3_ENDPOINT: storage.config.s3Endpoint,
    FRICTIONMAP_SQS_ENDPOINT: sqs.endpoint,
    FRICTIONMAP_ADMIN_TOKEN: ADMIN_TOKEN,
    FRICTIONMAP_ORIGIN_VERIFY: ORIGIN_VERIFY,
    FRICTIONMAP_PUBLIC_URL: "https://d111111abcdef8.cloudfront.net",
    POWERTOOLS_DEV: "true",
    POWERTOOLS_METRICS_DISABLED: "false",
    ...extra,
  });
  delete process.env.ADMIN_TOKEN_SECRET_ARN;
  return {
    storage,
    sqs,
    async restore() {
      process.env = saved;
      await sqs.stop();
      await storage.stop();
    },
  };
}

export type { SentMessage };
