import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Stack, Stage, Token, Validations } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { RECORDER_CACHE_CONTROL } from "./security-headers";

export interface SiteDeploymentProps {
  bucket: IBucket;
  distribution: IDistribution;
  /** The built reviewer (vite output) and the folder holding recorder.js. */
  webDist: string;
  recorderDist: string;
}

/** A built folder, or an empty placeholder under the cloud assembly when it was not built yet. */
function builtOrPlaceholder(scope: Construct, dir: string, what: string): string {
  if (existsSync(dir) && readdirSync(dir).length > 0) return dir;
  const placeholder = join(Stage.of(scope)?.outdir ?? "cdk.out", "placeholder-assets", what);
  mkdirSync(placeholder, { recursive: true });
  console.warn(
    `[frictionmap] ${dir} is missing: synthesizing with an empty ${what}. Run \`npm run build\` first to deploy it.`,
  );
  return placeholder;
}

/**
 * Uploads the built reviewer and recorder.js into the site bucket at deploy time (CDK's
 * BucketDeployment) and invalidates what changed at the edge.
 */
export class SiteDeployment extends Construct {
  constructor(scope: Construct, id: string, props: SiteDeploymentProps) {
    super(scope, id);
    const web = builtOrPlaceholder(this, props.webDist, "web");
    const recorder = builtOrPlaceholder(this, props.recorderDist, "recorder");
    const common = { destinationBucket: props.bucket, distribution: props.distribution, memoryLimit: 512 };
    new BucketDeployment(this, "Web", {
      ...common,
      sources: [Source.asset(web)],
      exclude: ["recorder.js", "recorder.js.map"],
      prune: true,
      cacheControl: [CacheControl.fromString("public, max-age=0, must-revalidate")],
      distributionPaths: ["/index.html", "/"],
    });
    new BucketDeployment(this, "Recorder", {
      ...common,
      sources: [Source.asset(recorder)],
      prune: false,
      cacheControl: [CacheControl.fromString(RECORDER_CACHE_CONTROL)],
      distributionPaths: ["/recorder.js"],
    });
    this.acknowledgeDeploymentFunction(props.bucket);
  }

  /** CDK's shared BucketDeployment function: its runtime, managed policy and grants are CDK's own. */
  private acknowledgeDeploymentFunction(bucket: IBucket) {
    const stack = Stack.of(this);
    const singleton = stack.node.children.find((c) => c.node.id.startsWith("Custom::CDKBucketDeployment"));
    if (!singleton) return;
    const region = Token.isUnresolved(stack.region) ? "<AWS::Region>" : stack.region;
    const account = Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account;
    const qualifier = String(this.node.tryGetContext("@aws-cdk/core:bootstrapQualifier") ?? "hnb659fds");
    const site = stack.getLogicalId(bucket.node.defaultChild as never);
    const why =
      "CDK's BucketDeployment copies the built reviewer/recorder from the CDK asset bucket into the site bucket";
    const ack = (id: string, reason: string) => Validations.of(singleton).acknowledge({ id, reason });
    ack("AwsSolutions-L1", `${why}; its Python runtime is chosen and updated by aws-cdk-lib.`);
    ack(
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      `${why}; CDK attaches the basic execution policy so it can write its logs.`,
    );
    for (const action of ["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*"]) {
      ack(
        `AwsSolutions-IAM5[Action::${action}]`,
        `${why}; ${action} comes from CDK's bucket grants (read assets, sync and prune the site).`,
      );
    }
    ack(
      `AwsSolutions-IAM5[Resource::<${site}.Arn>/*]`,
      `${why}; it writes and prunes any object of the site bucket only.`,
    );
    ack(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${account}-${region}/*]`,
      `${why}; it reads the uploaded asset zips of the CDK bootstrap bucket.`,
    );
    ack(
      "AwsSolutions-IAM5[Resource::*]",
      `${why}; CloudFront CreateInvalidation/GetInvalidation (after upload) accept no resource-level scoping in CDK's grant.`,
    );
  }
}
