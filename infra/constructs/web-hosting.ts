import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy, Stack, Stage, Token, Validations } from "aws-cdk-lib";
import type { ICertificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { REPO_ROOT } from "./app-function";
import {
  appResponseHeaders,
  RECORDER_CACHE_CONTROL,
  recorderSecurityHeaders,
  reviewerCsp,
  securityHeaders,
} from "./security-headers";

export interface WebHostingProps {
  /** Host name of the HTTP API (…execute-api…amazonaws.com). */
  apiDomainName: string;
  /** https origin of the Cognito hosted sign-in, allowed by the CSP. */
  cognitoOrigin: string;
  logBucket: IBucket;
  removalPolicy: RemovalPolicy;
  customDomain?: { domainName: string; certificate: ICertificate };
  webDist?: string;
  recorderDist?: string;
}

/** Paths the HTTP API serves; everything else comes from the static bucket. */
export const API_PATHS = ["/api/*", "/i/*"] as const;

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

// Reviewer routes are client-side: paths without a file extension get the app shell.
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The reviewer (web/dist) and recorder.js in a private bucket behind CloudFront (origin access
 * control), with /api/* and /i/* forwarded uncached to the HTTP API.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "Site", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: "site/",
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
    });
    const site = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const api = new HttpOrigin(props.apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
    });

    const appHeaders = new ResponseHeadersPolicy(this, "AppHeaders", {
      comment: "Frictionmap reviewer and API: security headers",
      securityHeadersBehavior: securityHeaders(reviewerCsp(props.cognitoOrigin)),
    });
    const apiHeaders = new ResponseHeadersPolicy(this, "ApiHeaders", {
      comment: "Frictionmap API and invite pages: security headers, the app's own CSP kept",
      securityHeadersBehavior: appResponseHeaders(),
    });
    const recorderHeaders = new ResponseHeadersPolicy(this, "RecorderHeaders", {
      comment: "Frictionmap recorder.js: loadable from any site",
      corsBehavior: {
        accessControlAllowOrigins: ["*"],
        accessControlAllowMethods: ["GET", "HEAD"],
        accessControlAllowHeaders: ["*"],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: "Cache-Control", value: RECORDER_CACHE_CONTROL, override: true },
          { header: "Cross-Origin-Resource-Policy", value: "cross-origin", override: true },
        ],
      },
      securityHeadersBehavior: recorderSecurityHeaders(),
    });
    const recorderCache = new CachePolicy(this, "RecorderCache", {
      comment: "recorder.js: minutes at the edge, so releases spread quickly",
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.hours(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiBehavior = {
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    };

    this.distribution = new Distribution(this, "Cdn", {
      comment: "Frictionmap",
      defaultRootObject: "index.html",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: "cloudfront/",
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: props.customDomain.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: site,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, "SpaRewrite", {
              code: FunctionCode.fromInline(SPA_REWRITE),
              runtime: FunctionRuntime.JS_2_0,
              comment: "Reviewer routes without a file extension get index.html",
            }),
          },
        ],
      },
      additionalBehaviors: {
        ...Object.fromEntries(API_PATHS.map((p) => [p, apiBehavior])),
        "/recorder.js": {
          origin: site,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachePolicy: recorderCache,
          responseHeadersPolicy: recorderHeaders,
          compress: true,
        },
      },
    });
    this.url = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;
    this.acknowledge(Boolean(props.customDomain));
    this.deploy(props);
    this.acknowledgeDeploymentFunction();
  }

  /** Uploads the built reviewer and recorder; the reviewer's hashed assets are cached for a year. */
  private deploy(props: WebHostingProps) {
    const web = builtOrPlaceholder(this, props.webDist ?? join(REPO_ROOT, "web", "dist"), "web");
    const recorder = builtOrPlaceholder(
      this,
      props.recorderDist ?? join(REPO_ROOT, "dist", "recorder"),
      "recorder",
    );
    const common = { destinationBucket: this.bucket, distribution: this.distribution, memoryLimit: 512 };
    new BucketDeployment(this, "DeployWeb", {
      ...common,
      sources: [Source.asset(web)],
      exclude: ["recorder.js", "recorder.js.map"],
      prune: true,
      cacheControl: [CacheControl.fromString("public, max-age=0, must-revalidate")],
      distributionPaths: ["/index.html", "/"],
    });
    new BucketDeployment(this, "DeployRecorder", {
      ...common,
      sources: [Source.asset(recorder)],
      prune: false,
      cacheControl: [CacheControl.fromString(RECORDER_CACHE_CONTROL)],
      distributionPaths: ["/recorder.js"],
    });
  }

  /** CDK's shared BucketDeployment function: its runtime, managed policy and grants are CDK's own. */
  private acknowledgeDeploymentFunction() {
    const stack = Stack.of(this);
    const singleton = stack.node.children.find((c) => c.node.id.startsWith("Custom::CDKBucketDeployment"));
    if (!singleton) return;
    const region = Token.isUnresolved(stack.region) ? "<AWS::Region>" : stack.region;
    const account = Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account;
    const qualifier = String(this.node.tryGetContext("@aws-cdk/core:bootstrapQualifier") ?? "hnb659fds");
    const site = stack.getLogicalId(this.bucket.node.defaultChild as never);
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

  private acknowledge(customDomain: boolean) {
    const cdn = Validations.of(this.distribution);
    cdn.acknowledge({
      id: "AwsSolutions-CFR1",
      reason: "Participants of a study may be anywhere; recordings are reachable only with reviewer auth.",
    });
    cdn.acknowledge({
      id: "AwsSolutions-CFR2",
      reason:
        "No WAF by default (about $6/month minimum); API Gateway throttling bounds abuse. Teams may attach a web ACL.",
    });
    if (!customDomain) {
      cdn.acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without a custom domain the distribution uses the *.cloudfront.net certificate, whose policy AWS fixes; with `domainName` context TLSv1.2_2021 is enforced.",
      });
    }
  }
}
