/** The one module that reads process.env. */

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number, got '${raw}'`);
  return n;
}

const optional = (name: string) => {
  const v = process.env[name];
  return v === undefined || v === "" ? undefined : v;
};

function required(name: string): string {
  const v = optional(name);
  if (!v) throw new Error(`${name} must be set`);
  return v;
}

export interface LocalConfig {
  port: number;
  demoPort: number;
  dataDir: string;
  adminToken?: string;
  publicUrl?: string;
}

/** The smallest admin token accepted (adapters/token-auth refuses shorter ones too). */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

export function loadLocalConfig(): LocalConfig {
  const adminToken = optional("FRICTIONMAP_ADMIN_TOKEN");
  if (adminToken !== undefined && adminToken.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new Error(
      `FRICTIONMAP_ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters (it has ${adminToken.length}); unset it to have one generated`,
    );
  }
  const publicUrl = optional("FRICTIONMAP_PUBLIC_URL");
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl)) {
    throw new Error(`FRICTIONMAP_PUBLIC_URL must be an http(s) URL, got '${publicUrl}'`);
  }
  return {
    port: port("PORT", 8787),
    demoPort: port("DEMO_PORT", 8788),
    dataDir: optional("FRICTIONMAP_DATA_DIR") ?? ".data",
    adminToken,
    publicUrl,
  };
}

/** Where the storage lives: names in AWS; endpoints only to point a handler at emulators in tests. */
export interface StorageSettings {
  region: string;
  tableName: string;
  bucketName: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
}

/** The Cognito user pool whose access tokens reviewers send. */
export interface JwtIssuerSettings {
  issuer: string;
  clientId: string;
}

/** What every Lambda needs: storage, and the queue the worker reads. */
export interface CoreConfig extends StorageSettings {
  queueUrl: string;
  /** The bucket's lifecycle ceiling (MAX_RETENTION_DAYS): no session is kept longer. */
  maxRetentionDays: number;
  /** SQS endpoint override (tests against a local stand-in); unset in AWS. */
  sqsEndpoint?: string;
}

/** The worker and the sweeper: storage and the queue. */
export function loadCoreConfig(): CoreConfig {
  const sqsEndpoint = optional("FRICTIONMAP_SQS_ENDPOINT");
  const maxRetention = Number(optional("MAX_RETENTION_DAYS") ?? 3650);
  if (!Number.isInteger(maxRetention) || maxRetention < 1 || maxRetention > 3650) {
    throw new Error("MAX_RETENTION_DAYS must be a whole number of days from 1 to 3650");
  }
  return {
    ...loadStorageSettings(),
    maxRetentionDays: maxRetention,
    queueUrl: required("QUEUE_URL"),
    ...(sqsEndpoint ? { sqsEndpoint } : {}),
  };
}

export interface LambdaConfig extends CoreConfig {
  /** The bootstrap admin token given directly (tests, automation without Secrets Manager)… */
  adminToken?: string;
  /** …or the ARN of the Secrets Manager secret that holds it (AWS). One of the two is required. */
  adminTokenSecretArn?: string;
  /** Secrets Manager endpoint override (tests against a local stand-in); unset in AWS. */
  secretsEndpoint?: string;
  cognito?: JwtIssuerSettings;
  /** The secret CloudFront sends in x-origin-verify: its Secrets Manager ARN (AWS)… */
  originVerifySecretArn?: string;
  /** …or the value itself (tests). One of the two is required: the API is never left open. */
  originVerify?: string;
  /** The hosted sign-in's base URL (COGNITO_SIGNIN_URL), offered to reviewers by the app. */
  signInUrl?: string;
  publicUrl?: string;
}

/** The storage part, shared by the API handler and the sweeper. */
export function loadStorageSettings(): StorageSettings {
  const dynamoEndpoint = optional("FRICTIONMAP_DYNAMODB_ENDPOINT");
  const s3Endpoint = optional("FRICTIONMAP_S3_ENDPOINT");
  return {
    region: required("AWS_REGION"),
    tableName: required("TABLE_NAME"),
    bucketName: required("BUCKET_NAME"),
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    ...(s3Endpoint ? { s3Endpoint } : {}),
  };
}

export function loadLambdaConfig(): LambdaConfig {
  const adminToken = optional("FRICTIONMAP_ADMIN_TOKEN");
  const adminTokenSecretArn = optional("ADMIN_TOKEN_SECRET_ARN");
  if (!adminToken && !adminTokenSecretArn) {
    throw new Error("ADMIN_TOKEN_SECRET_ARN (or FRICTIONMAP_ADMIN_TOKEN) must be set");
  }
  const issuer = optional("COGNITO_ISSUER");
  const clientId = optional("COGNITO_CLIENT_ID");
  if (Boolean(issuer) !== Boolean(clientId)) {
    throw new Error("COGNITO_ISSUER and COGNITO_CLIENT_ID must be set together");
  }
  const originVerifySecretArn = optional("ORIGIN_VERIFY_SECRET_ARN");
  const originVerify = optional("FRICTIONMAP_ORIGIN_VERIFY");
  if (!originVerifySecretArn && !originVerify) {
    throw new Error("ORIGIN_VERIFY_SECRET_ARN (or FRICTIONMAP_ORIGIN_VERIFY) must be set");
  }
  const publicUrl = optional("FRICTIONMAP_PUBLIC_URL");
  const signInUrl = optional("COGNITO_SIGNIN_URL");
  const secretsEndpoint = optional("FRICTIONMAP_SECRETS_ENDPOINT");
  return {
    ...loadCoreConfig(),
    ...(secretsEndpoint ? { secretsEndpoint } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(adminTokenSecretArn ? { adminTokenSecretArn } : {}),
    ...(originVerifySecretArn ? { originVerifySecretArn } : {}),
    ...(originVerify ? { originVerify } : {}),
    ...(issuer && clientId ? { cognito: { issuer: issuer.replace(/\/+$/, ""), clientId } } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(signInUrl ? { signInUrl } : {}),
  };
}
