import { join } from "node:path";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
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
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { REPO_ROOT } from "./app-function";
import {
  appResponseHeaders,
  RECORDER_CACHE_CONTROL,
  recorderSecurityHeaders,
  reviewerCsp,
  securityHeaders,
} from "./security-headers";
import { SiteDeployment } from "./site-deployment";

export interface WebHostingProps {
  /** Host name of the HTTP API (…execute-api…amazonaws.com). */
  apiDomainName: string;
  /**
   * The origin-verify secret, sent to the API in x-origin-verify on every request: the app
   * refuses requests without it, so the execute-api endpoint cannot be used around CloudFront.
   */
  originVerify: ISecret;
  /** Changing it makes CloudFront read the secret again (after a rotation). */
  originVerifyRotation: string;
  /** https origin of the Cognito hosted sign-in, allowed by the CSP. */
  cognitoOrigin: string;
  logBucket: IBucket;
  removalPolicy: RemovalPolicy;
  customDomain?: { domainName: string; certificate: ICertificate };
  webDist?: string;
  recorderDist?: string;
}

/** Paths the HTTP API serves; everything else comes from the static bucket. */
export const API_PATHS = ["/api/*", "/i/*", "/s/*"] as const;

// Reviewer routes are client-side: paths without a file extension get the app shell.
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The reviewer (web/dist) and recorder.js in a private bucket behind CloudFront (origin access
 * control), with /api/*, /i/* (invites) and /s/* (share links) forwarded uncached to the HTTP API.
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
      customHeaders: {
        "x-origin-verify": props.originVerify.secretValue.unsafeUnwrap(),
        "x-origin-verify-rotation": props.originVerifyRotation,
      },
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
    new SiteDeployment(this, "Deploy", {
      bucket: this.bucket,
      distribution: this.distribution,
      webDist: props.webDist ?? join(REPO_ROOT, "web", "dist"),
      recorderDist: props.recorderDist ?? join(REPO_ROOT, "dist", "recorder"),
    });
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
