import { Duration, Validations } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  type Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface ObservabilityProps {
  stage: string;
  functions: { name: string; fn: IFunction }[];
  httpApi: HttpApi;
  /** The job queue's dead-letter queue: any message in it is a job that failed every try. */
  deadLetters: IQueue;
  /** When given, alarms notify this address through an SNS topic (confirm the e-mail once). */
  alarmEmail?: string;
  /** 5xx share of API requests, percent, above which the API alarm fires. */
  max5xxPercent?: number;
}

/** Alarms on Lambda errors and throttles, the API's 5xx rate and the jobs' dead letters, optionally e-mailed. */
export class Observability extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const alarm = (name: string, metric: Metric | MathExpression, threshold: number, description: string) => {
      const a = new Alarm(this, name, {
        alarmName: `frictionmap-${props.stage}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.alarms.push(a);
    };

    for (const { name, fn } of props.functions) {
      alarm(
        `${name}-errors`,
        fn.metricErrors({ period, statistic: "Sum" }),
        1,
        `${name} Lambda: invocations failed`,
      );
      alarm(
        `${name}-throttles`,
        fn.metricThrottles({ period, statistic: "Sum" }),
        1,
        `${name} Lambda: throttled`,
      );
    }
    alarm(
      "jobs-dead-letters",
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      1,
      "Jobs failed every try and wait in the dead-letter queue (see the worker's logs, then redrive)",
    );
    const max = props.max5xxPercent ?? 5;
    alarm(
      "api-5xx-rate",
      new MathExpression({
        // Only meaningful with some traffic: fewer than 20 requests in 5 minutes never alarms.
        expression: "IF(requests >= 20, 100 * errors / requests, 0)",
        usingMetrics: {
          errors: props.httpApi.metricServerError({ period, statistic: "Sum" }),
          requests: props.httpApi.metricCount({ period, statistic: "Sum" }),
        },
        period,
        label: "API 5xx %",
      }),
      max,
      `More than ${max}% of API requests answered 5xx`,
    );

    if (props.alarmEmail) {
      this.topic = new Topic(this, "Alarms", {
        displayName: `Frictionmap ${props.stage} alarms`,
        enforceSSL: true,
      });
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: "AwsSolutions-SNS2",
        reason:
          "Alarm notifications carry alarm names and states only, no study data; a CMK would need a key policy for CloudWatch.",
      });
      const action = new SnsAction(this.topic);
      for (const a of this.alarms) {
        a.addAlarmAction(action);
        a.addOkAction(action);
      }
    }
  }
}
