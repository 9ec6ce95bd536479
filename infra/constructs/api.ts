import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AppFunction } from "./app-function";

export interface ApiProps {
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** Steady requests per second and burst for the whole API (protects the table and the bill). */
  rateLimit?: number;
  burstLimit?: number;
}

/**
 * The Hono app in one Lambda behind an HTTP API. Every path goes to the app ($default
 * route): the app itself decides which routes are public (health, OpenAPI, participant
 * ingest with its own tokens) and which need a reviewer (Cognito JWT or the admin token).
 */
export class Api extends Construct {
  readonly handler: AppFunction;
  readonly httpApi: HttpApi;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new AppFunction(this, "Handler", {
      entry: "lambda.ts",
      description: "Frictionmap API (Hono app)",
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: Duration.seconds(29),
    });

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.httpApi = new HttpApi(this, "Http", {
      description: "Frictionmap API; reached through CloudFront",
      defaultIntegration: new HttpLambdaIntegration("App", this.handler.fn),
      createDefaultStage: false,
    });
    this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 200, burstLimit: props.burstLimit ?? 400 },
      // Per-route metrics are billed as custom metrics; the API-level ones the alarms use are free.
      detailedMetricsEnabled: false,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            ip: "$context.identity.sourceIp",
            time: "$context.requestTime",
            method: "$context.httpMethod",
            // No path: invite tokens travel in paths; the app logs the path with them redacted.
            status: "$context.status",
            bytes: "$context.responseLength",
            latencyMs: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });

    for (const route of this.httpApi.node.findAll()) {
      if (route.node.id === "DefaultRoute") {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            "Authorization happens in the app: reviewer routes accept a Cognito access token OR the admin token (a gateway JWT authorizer would refuse the latter), and participant routes check their own invite/session tokens.",
        });
      }
    }
  }

  /** The API's host name, as a CloudFront origin. */
  get domainName(): string {
    const s = Stack.of(this);
    return `${this.httpApi.apiId}.execute-api.${s.region}.${s.urlSuffix}`;
  }
}
