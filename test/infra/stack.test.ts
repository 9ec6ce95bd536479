import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE_KEYS } from "../../functions/src/adapters/dynamo/table-design";
import { resources, type Synthesized, statementsOf, synthesize } from "./synth";

const asList = (v: unknown) => (Array.isArray(v) ? v : [v]);

describe("the synthesized stack (default context)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ retentionDays: 30 });
  });
  afterAll(() => s?.remove());

  it("has the table of table-design.ts: on demand, PITR, TTL, ALL-projected GSIs, protected", () => {
    const { gsi1, gsi2 } = TABLE_KEYS;
    s.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: {
        BillingMode: "PAY_PER_REQUEST",
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
          IndexName: g.name,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: "HASH" },
            { AttributeName: g.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      },
    });
  });

  it("blocks public access, encrypts and logs every bucket; policies deny non-TLS requests", () => {
    const buckets = resources(s.template, "AWS::S3::Bucket");
    expect(buckets).toHaveLength(3);
    for (const [id, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toEqual({
        SSEAlgorithm: "AES256",
      });
      if (!id.startsWith("StorageLogs")) expect(b.Properties.LoggingConfiguration, id).toBeDefined();
      const policy = resources(s.template, "AWS::S3::BucketPolicy").find(
        ([, p]) => p.Properties.Bucket.Ref === id,
      );
      expect(policy, `${id} has a bucket policy`).toBeDefined();
      const statements = policy?.[1].Properties.PolicyDocument.Statement as any[];
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "s3:*",
          Principal: { AWS: "*" },
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
      expect(
        statements.filter((st) => st.Effect === "Allow" && JSON.stringify(st.Principal) === '{"AWS":"*"}'),
      ).toEqual([]);
    }
  });

  it("expires recordings after the retention days", () => {
    s.template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: "retention", ExpirationInDays: 30, Status: "Enabled" }),
        ]),
      },
      LoggingConfiguration: { LogFilePrefix: "recordings/" },
    });
  });

  it("runs the API, worker and sweeper functions on Node 22 arm64 with their own log groups kept 90 days", () => {
    const fns = resources(s.template, "AWS::Lambda::Function").filter(([id]) => !id.startsWith("Custom"));
    expect(fns.map(([id]) => id.replace(/[0-9A-F]{8}$/, "")).sort()).toEqual([
      "ApiHandlerFn",
      "JobsWorkerFn",
      "SweeperHandlerFn",
    ]);
    for (const [, fn] of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
      });
      expect(fn.Properties.LoggingConfig.LogGroup.Ref).toMatch(/Logs/);
    }
    for (const [, lg] of resources(s.template, "AWS::Logs::LogGroup"))
      expect(lg.Properties.RetentionInDays).toBe(90);
  });

  it("configures the JWT check on the API function and keeps the admin token out of its environment", () => {
    const [, api] =
      resources(s.template, "AWS::Lambda::Function").find(([id]) => id.startsWith("ApiHandler")) ?? [];
    const env = api.Properties.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        "ADMIN_TOKEN_SECRET_ARN",
        "BUCKET_NAME",
        "COGNITO_CLIENT_ID",
        "COGNITO_ISSUER",
        "COGNITO_SIGNIN_URL",
        "FRICTIONMAP_PUBLIC_URL",
        "MAX_RETENTION_DAYS",
        "NODE_OPTIONS",
        "ORIGIN_VERIFY_SECRET_ARN",
        "QUEUE_URL",
        "TABLE_NAME",
      ].sort(),
    );
    const pool = Object.keys(s.template.findResources("AWS::Cognito::UserPool"))[0];
    const client = Object.keys(s.template.findResources("AWS::Cognito::UserPoolClient"))[0];
    expect(JSON.stringify(env.COGNITO_ISSUER)).toContain("https://cognito-idp.eu-west-1.");
    expect(env.COGNITO_ISSUER["Fn::Join"][1]).toContainEqual({ Ref: pool });
    expect(env.COGNITO_CLIENT_ID).toEqual({ Ref: client });
    expect(JSON.stringify(env.COGNITO_SIGNIN_URL)).toMatch(/https:\/\/frictionmap-.*\.auth\./);
    expect(env.ADMIN_TOKEN_SECRET_ARN.Ref).toMatch(/^AuthAdminToken/);
  });

  it("sends every API path to the app, which splits public from reviewer routes (one $default route)", () => {
    const routes = resources(s.template, "AWS::ApiGatewayV2::Route");
    expect(routes.map(([, r]) => r.Properties.RouteKey)).toEqual(["$default"]);
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
      DefaultRouteSettings: {
        ThrottlingRateLimit: 200,
        ThrottlingBurstLimit: 400,
        DetailedMetricsEnabled: false,
      },
    });
    const stage = Object.values(s.template.findResources("AWS::ApiGatewayV2::Stage"))[0] as {
      Properties: { AccessLogSettings: { Format: string } };
    };
    expect(stage.Properties.AccessLogSettings.Format).not.toContain("$context.path"); // invite tokens stay out of logs
  });

  it("admins create reviewers; sign-in is code + PKCE for a public client", () => {
    s.template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "OPTIONAL",
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true }),
      },
    });
    s.template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [{ "Fn::Join": ["", ["https://", Match.anyValue(), "/auth/callback"]] }],
    });
    s.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
  });

  it("grants least privilege: no wildcard actions, no Scan, no table admin, * only for CloudFront invalidation", () => {
    for (const [id, p] of resources(s.template, "AWS::IAM::Policy")) {
      for (const st of p.Properties.PolicyDocument.Statement) {
        const actions = asList(st.Action) as string[];
        for (const a of actions) expect(a, `${id}: ${a}`).not.toMatch(/^\*$|:\*$/);
        expect(actions, id).not.toContain("dynamodb:Scan");
        expect(
          actions.filter((a) => /dynamodb:(Create|Delete|Update)Table/.test(a)),
          id,
        ).toEqual([]);
        if (asList(st.Resource).includes("*")) {
          expect(id, "only the BucketDeployment role").toMatch(/^CustomCDKBucketDeployment/);
          expect(actions.every((a) => a.startsWith("cloudfront:"))).toBe(true);
        }
      }
    }
    const sweeperActions = statementsOf(s.template, "AWS::IAM::Policy", "SweeperHandlerRole").flatMap((st) =>
      asList(st.Action),
    );
    expect(sweeperActions.sort()).toEqual([
      "dynamodb:Query",
      "dynamodb:UpdateItem",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]);
  });

  it("runs the sweeper on a schedule", () => {
    s.template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(10 minutes)",
      Targets: [
        Match.objectLike({ Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^SweeperHandlerFn"), "Arn"] } }),
      ],
    });
  });

  it("alarms on Lambda errors and throttles, the API 5xx rate and dead letters; no topic without an e-mail", () => {
    const names = resources(s.template, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties.AlarmName);
    expect(names.sort()).toEqual(
      [
        "api-5xx-rate",
        "api-errors",
        "api-throttles",
        "jobs-dead-letters",
        "sweeper-errors",
        "sweeper-throttles",
        "worker-errors",
        "worker-throttles",
      ].map((n) => `frictionmap-dev-${n}`),
    );
    s.template.resourceCountIs("AWS::SNS::Topic", 0);
  });

  it("outputs the app URL, the snippet, the user pool and how to add a teammate", () => {
    const out = s.template.toJSON().Outputs;
    expect(JSON.stringify(out.Snippet.Value)).toMatch(
      /<script src=\\"https:\/\/.*\/recorder.js\\" defer><\/script>/,
    );
    expect(JSON.stringify(out.AddTeammateCommand.Value)).toContain("cognito-idp admin-create-user");
    expect(out.UserPoolId.Value.Ref).toMatch(/^AuthReviewers/);
    expect(out.AppUrl).toBeDefined();
  });
});
