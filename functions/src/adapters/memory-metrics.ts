import type { MetricName, Metrics } from "../ports";

/** Local mode and tests: counters kept in memory (CloudWatch is an AWS thing). */
export function memoryMetrics(): Metrics & { readonly totals: Partial<Record<MetricName, number>> } {
  const totals: Partial<Record<MetricName, number>> = {};
  return {
    totals,
    count(name, value = 1) {
      totals[name] = (totals[name] ?? 0) + value;
    },
  };
}
