import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { Api } from "./constructs/api";
import { Auth, CALLBACK_PATH } from "./constructs/auth";
import { Jobs } from "./constructs/jobs";
import { Observability } from "./constructs/observability";
import { Storage } from "./constructs/storage";
import { Sweeper } from "./constructs/sweeper";
import { WebHosting } from "./constructs/web-hosting";
import type { Settings } from "./settings";

export interface AppStackProps extends StackProps {
  settings: Settings;
  /** Override the built reviewer/recorder folders (tests). */
  webDist?: string;
  recorderDist?: string;
}

/** The whole platform in one stack: storage, API, job queue and worker, sweeper, hosting, sign-in, alarms. */
export class AppStack extends Stack {
  readonly storage: Storage;
  readonly api: Api;
  readonly jobs: Jobs;
  readonly sweeper: Sweeper;
  readonly originVerify: Secret;
  readonly web: WebHosting;
  readonly auth: Auth;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const removalPolicy = s.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = RetentionDays.THREE_MONTHS;

    this.storage = new Storage(this, "Storage", {
      retentionDays: s.retentionDays,
      retain: s.retainData,
      removalPolicy,
    });
    this.api = new Api(this, "Api", { logRetention, removalPolicy });
    this.jobs = new Jobs(this, "Jobs", {
      table: this.storage.table,
      bucket: this.storage.recordings,
      logRetention,
      removalPolicy,
    });
    this.sweeper = new Sweeper(this, "Sweeper", {
      table: this.storage.table,
      bucket: this.storage.recordings,
      queue: this.jobs.queue,
      logRetention,
      removalPolicy,
    });
    // CloudFront sends it to the API; the app refuses requests without it (README: "CloudFront only").
    this.originVerify = new Secret(this, "OriginVerify", {
      description: "Frictionmap: the header value CloudFront adds to requests it forwards to the API",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.originVerify).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotated by hand (README: put a new value, deploy with -c originVerifyRotation=…); the app accepts the current and previous values meanwhile.",
    });

    // The hosted sign-in's origin is known from its prefix; naming it here avoids a cycle
    // (user pool → app URL → distribution → CSP → domain → user pool).
    const domainPrefix = `frictionmap-${s.stage}-${Aws.ACCOUNT_ID}`;
    const cognitoOrigin = `https://${domainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;
    this.web = new WebHosting(this, "Web", {
      apiDomainName: this.api.domainName,
      originVerify: this.originVerify,
      originVerifyRotation: s.originVerifyRotation,
      cognitoOrigin,
      logBucket: this.storage.logs,
      removalPolicy,
      ...(s.domainName && s.certificateArn
        ? {
            customDomain: {
              domainName: s.domainName,
              certificate: Certificate.fromCertificateArn(this, "Certificate", s.certificateArn),
            },
          }
        : {}),
      ...(props.webDist ? { webDist: props.webDist } : {}),
      ...(props.recorderDist ? { recorderDist: props.recorderDist } : {}),
    });
    this.auth = new Auth(this, "Auth", { stage: s.stage, domainPrefix, appUrl: this.web.url, removalPolicy });

    this.api.handler
      .bindTable(this.storage.table)
      .bindBucket(this.storage.recordings)
      .bindQueue(this.jobs.queue)
      .bindOriginVerifySecret(this.originVerify)
      .bindAdminTokenSecret(this.auth.adminToken)
      .bindUserPool(this.auth.issuer, this.auth.client.userPoolClientId, cognitoOrigin)
      .env("FRICTIONMAP_PUBLIC_URL", this.web.url);
    for (const fn of [this.api.handler, this.jobs.worker, this.sweeper.handler]) {
      fn.env("MAX_RETENTION_DAYS", String(s.retentionDays));
    }

    this.observability = new Observability(this, "Alarms", {
      stage: s.stage,
      functions: [
        { name: "api", fn: this.api.handler.fn },
        { name: "worker", fn: this.jobs.worker.fn },
        { name: "sweeper", fn: this.sweeper.handler.fn },
      ],
      deadLetters: this.jobs.deadLetters,
      httpApi: this.api.httpApi,
      ...(s.alarmEmail ? { alarmEmail: s.alarmEmail } : {}),
    });

    this.outputs(cognitoOrigin);
  }

  private outputs(cognitoOrigin: string) {
    const url = this.web.url;
    const pool = this.auth.userPool.userPoolId;
    new CfnOutput(this, "AppUrl", { value: url, description: "Open this to review studies" });
    new CfnOutput(this, "Snippet", {
      value: `<script src="${url}/recorder.js" defer></script>`,
      description: "Paste into the <head> of the site under test",
    });
    new CfnOutput(this, "UserPoolId", { value: pool });
    new CfnOutput(this, "UserPoolClientId", { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, "SignInUrl", {
      value: `${cognitoOrigin}/oauth2/authorize`,
      description: "Hosted sign-in",
    });
    new CfnOutput(this, "SignInCallbackUrl", { value: `${url}${CALLBACK_PATH}` });
    new CfnOutput(this, "AddTeammateCommand", {
      value: `aws cognito-idp admin-create-user --region ${this.region} --user-pool-id ${pool} --username teammate@example.com --user-attributes Name=email,Value=teammate@example.com Name=email_verified,Value=true --desired-delivery-mediums EMAIL`,
      description: "Invite a reviewer: Cognito e-mails a temporary password",
    });
    new CfnOutput(this, "AdminTokenCommand", {
      value: `aws secretsmanager get-secret-value --region ${this.region} --secret-id ${this.auth.adminToken.secretArn} --query SecretString --output text`,
      description: "The bootstrap admin token, for automation",
    });
  }
}
