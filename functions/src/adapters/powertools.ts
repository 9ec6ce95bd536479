import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Logger as LogPort, Metrics as MetricsPort } from "../ports";

/**
 * Powertools for AWS Lambda: one structured Logger (with the Lambda request id once an entry
 * calls `addContext`) and CloudWatch metrics in the Embedded Metric Format, flushed by the
 * entry after each invocation.
 */
export function powertools(service: "api" | "worker" | "sweeper") {
  const logger = new Logger({ serviceName: `frictionmap-${service}` });
  const metrics = new Metrics({ namespace: "Frictionmap", serviceName: `frictionmap-${service}` });
  const log: LogPort = ({ level, msg, ...rest }) => logger[level](msg, rest);
  const counters: MetricsPort = {
    count(name, value = 1) {
      metrics.addMetric(name, MetricUnit.Count, value);
    },
  };
  /** After each invocation: the counted metrics as one EMF line (none when nothing was counted). */
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { logger, log, counters, flush };
}
