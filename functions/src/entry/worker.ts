import { lambdaCore } from "../adapters/lambda-deps";
import { powertools } from "../adapters/powertools";
import { loadCoreConfig } from "../config";
import { parseJob } from "../domain/jobs";
import { runJob } from "../services/worker";

/** The parts of an SQS event this worker reads. */
export interface SqsEvent {
  Records: { messageId: string; body: string }[];
}
type Context = Parameters<ReturnType<typeof powertools>["logger"]["addContext"]>[0];

// Cold start: the same composition root as the API and the sweeper.
const obs = powertools("worker");
const deps = lambdaCore(loadCoreConfig(), obs);

/**
 * Runs each job of an SQS batch; the ones that failed are returned as batch item failures,
 * so that only they are retried (and, after the queue's maxReceiveCount, moved to its DLQ).
 */
export async function handler(event: SqsEvent, context?: Context) {
  if (context) obs.logger.addContext(context);
  const batchItemFailures: { itemIdentifier: string }[] = [];
  try {
    for (const record of event.Records) {
      let job: ReturnType<typeof parseJob>;
      try {
        job = parseJob(JSON.parse(record.body));
      } catch (err) {
        deps.log({ level: "error", msg: "not a job", messageId: record.messageId, error: String(err) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      // runJob logs and counts a failure itself.
      await runJob(deps, job).catch(() => batchItemFailures.push({ itemIdentifier: record.messageId }));
    }
  } finally {
    obs.flush();
  }
  return { batchItemFailures };
}
