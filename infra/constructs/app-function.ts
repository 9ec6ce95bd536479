import { join } from "node:path";
import { TABLE_KEYS } from "@frictionmap/functions/table-design";
import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IRole, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

export interface AppFunctionProps {
  /** Entry file under functions/src/entry/, e.g. "lambda.ts". */
  entry: string;
  description: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  timeout?: Duration;
  memorySize?: number;
}

/** What the DynamoDB adapters do: item reads/writes and queries, never Scan or table admin. */
const TABLE_READ_WRITE = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  "dynamodb:BatchWriteItem",
];

/**
 * One Node 22 arm64 Lambda of the platform, bundled from functions/src/entry by the local
 * esbuild (never Docker), with its own role and log group. Access to other resources only
 * through the bind* methods, so each grant comes with the environment variable that uses it.
 */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description}: logs plus what its bind* calls grant`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;
    this.fn = new NodejsFunction(this, "Fn", {
      entry: join(REPO_ROOT, "functions", "src", "entry", props.entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      description: props.description,
      role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: "--enable-source-maps" },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: "node22",
        minify: true,
        sourceMap: true,
        // The Node 22 runtime ships AWS SDK v3: not bundling it keeps the bundle small.
        externalModules: ["@aws-sdk/*"],
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
        mainFields: ["module", "main"],
      },
    });
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "The platform targets Node 22 (its esbuild target and local runtime); move to a newer LTS runtime together with that target.",
    });
    // The role's only wildcard is CDK's log-stream grant on its own log group.
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.logGroup.node.defaultChild as never)}.Arn>:*]`,
      reason:
        "Log streams are created at run time with unknown names; the grant is limited to this function's own log group.",
    });
  }

  env(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** Item reads and writes on the table and its GSIs (access = "sweep": GSI2 query + update only). */
  bindTable(table: ITable, access: "readWrite" | "sweep" = "readWrite"): this {
    const index = `${table.tableArn}/index/*`;
    if (access === "readWrite") {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: TABLE_READ_WRITE, resources: [table.tableArn, index] }),
      );
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId(table)}.Arn>/index/*]`,
        reason: `Listings query the table's GSIs (${TABLE_KEYS.gsi1.name}, ${TABLE_KEYS.gsi2.name}); index ARNs are the table ARN plus /index/<name>.`,
      });
    } else {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["dynamodb:Query"],
          resources: [`${table.tableArn}/index/${TABLE_KEYS.gsi2.name}`],
        }),
      );
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ["dynamodb:UpdateItem"], resources: [table.tableArn] }),
      );
    }
    return this.env("TABLE_NAME", table.tableName);
  }

  /** Recording chunks and exports: objects of the bucket, and listing it (erase by prefix). */
  bindBucket(bucket: IBucket): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [bucket.arnForObjects("*")],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/*]`,
      reason:
        "Chunk object keys are made per session at run time (sessions/<id>/<seq>); access is limited to this one bucket's objects.",
    });
    return this.env("BUCKET_NAME", bucket.bucketName);
  }

  /** Sending jobs to the worker's queue (never reading it: the worker's event source does). */
  bindQueue(queue: IQueue): this {
    queue.grantSendMessages(this.role);
    return this.env("QUEUE_URL", queue.queueUrl);
  }

  /** Read-only access to the origin-verify secret: the app lets in only what CloudFront sent. */
  bindOriginVerifySecret(secret: ISecret): this {
    secret.grantRead(this.role);
    return this.env("ORIGIN_VERIFY_SECRET_ARN", secret.secretArn);
  }

  /** Read-only access to the secret holding the bootstrap admin token, read once at cold start. */
  bindAdminTokenSecret(secret: ISecret): this {
    secret.grantRead(this.role);
    return this.env("ADMIN_TOKEN_SECRET_ARN", secret.secretArn);
  }

  /** Cognito access tokens of this pool and app client are accepted on reviewer routes, and
   * the reviewer is told where the hosted sign-in is. */
  bindUserPool(issuer: string, clientId: string, signInUrl: string): this {
    return this.env("COGNITO_ISSUER", issuer)
      .env("COGNITO_CLIENT_ID", clientId)
      .env("COGNITO_SIGNIN_URL", signInUrl);
  }
}

function logicalId(c: Construct & { node: Construct["node"] }): string {
  const child = c.node.defaultChild;
  if (!child) throw new Error(`${c.node.path} has no default child`);
  return Stack.of(c).getLogicalId(child as never);
}
