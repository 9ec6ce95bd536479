import { composeApp, composeCore } from "../composition";
import type { CoreConfig, LambdaConfig, StorageSettings } from "../config";
import type { Authenticator, CoreDeps, Deps } from "../ports";
import type { StorageConfig } from "./aws";
import { jwtAuth } from "./jwt-auth";
import { fixedOriginGuard, secretOriginGuard } from "./origin-guard";
import type { powertools } from "./powertools";
import { sqsQueue } from "./sqs-queue";
import { adminTokenAuth, anyOf } from "./token-auth";

/** The storage config of the AWS SDK adapters; credentials come from the runtime. */
export function storageConfigOf(s: StorageSettings): StorageConfig {
  return {
    region: s.region,
    tableName: s.tableName,
    bucketName: s.bucketName,
    ...(s.dynamoEndpoint ? { dynamoEndpoint: s.dynamoEndpoint } : {}),
    ...(s.s3Endpoint ? { s3Endpoint: s.s3Endpoint } : {}),
  };
}

/**
 * Reads the bootstrap admin token once (at cold start) from Secrets Manager. The client is
 * loaded only here, so handlers that get the token otherwise (tests, the sweeper) never load it.
 */
export async function readAdminToken(region: string, secretArn: string, endpoint?: string): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({ region, maxAttempts: 3, ...(endpoint ? { endpoint } : {}) });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const token = out.SecretString?.trim();
    if (!token) throw new Error(`secret ${secretArn} holds no string`);
    return token;
  } finally {
    client.destroy();
  }
}

/**
 * The bootstrap admin token, read from Secrets Manager on the first reviewer request rather
 * than at cold start (participants' requests never need it); a failed read is retried by
 * the next request.
 */
function lazyAdminAuth(cfg: LambdaConfig): Authenticator {
  if (cfg.adminToken) return adminTokenAuth(cfg.adminToken);
  const arn = cfg.adminTokenSecretArn;
  if (!arn) throw new Error("no admin token configured");
  let loading: Promise<Authenticator> | undefined;
  return {
    async verify(token) {
      loading ??= readAdminToken(cfg.region, arn, cfg.secretsEndpoint).then(adminTokenAuth, (err) => {
        loading = undefined;
        throw err;
      });
      return (await loading).verify(token);
    },
  };
}

/** Admin token for automation, plus Cognito access tokens for people when a pool is configured. */
export async function reviewerAuth(cfg: LambdaConfig): Promise<Authenticator> {
  const admin = lazyAdminAuth(cfg);
  return cfg.cognito ? anyOf(admin, jwtAuth(cfg.cognito)) : admin;
}

type Observability = Pick<ReturnType<typeof powertools>, "log" | "counters">;

/** What every Lambda (API, worker, sweeper) needs: storage, the SQS queue, Powertools. */
export function lambdaCore(cfg: CoreConfig, obs: Observability): CoreDeps {
  return composeCore({
    storage: storageConfigOf(cfg),
    queue: sqsQueue({
      region: cfg.region,
      queueUrl: cfg.queueUrl,
      ...(cfg.sqsEndpoint ? { endpoint: cfg.sqsEndpoint } : {}),
    }),
    log: obs.log,
    metrics: obs.counters,
    maxRetentionDays: cfg.maxRetentionDays,
  });
}

/** The CloudFront origin-verify check: the secret's value given, or read from Secrets Manager. */
export function originGuardOf(cfg: LambdaConfig) {
  if (cfg.originVerify) return fixedOriginGuard(cfg.originVerify);
  if (!cfg.originVerifySecretArn) throw new Error("no origin-verify secret configured");
  return secretOriginGuard({
    region: cfg.region,
    secretArn: cfg.originVerifySecretArn,
    ...(cfg.secretsEndpoint ? { endpoint: cfg.secretsEndpoint } : {}),
  });
}

/** Everything the API needs in Lambda. */
export async function lambdaDeps(cfg: LambdaConfig, obs: Observability): Promise<Deps> {
  return composeApp(lambdaCore(cfg, obs), {
    auth: await reviewerAuth(cfg),
    origin: originGuardOf(cfg),
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
    ...(cfg.cognito && cfg.signInUrl
      ? { signIn: { authBase: cfg.signInUrl, clientId: cfg.cognito.clientId } }
      : {}),
  });
}
