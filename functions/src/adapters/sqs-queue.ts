import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Queue } from "../ports";

/** SQS's longest delivery delay. */
const MAX_DELAY_S = 900;

/** Jobs as SQS messages (JSON bodies); the worker Lambda reads them, failures go to the DLQ. */
export function sqsQueue(cfg: { region: string; queueUrl: string; endpoint?: string }): Queue {
  const client = new SQSClient({
    region: cfg.region,
    maxAttempts: 5,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
  });
  const delaySeconds = (delayMs = 0) => Math.min(MAX_DELAY_S, Math.ceil(delayMs / 1000));
  return {
    // SQS keeps a delayed message invisible for its whole DelaySeconds.
    minDelayMs: (delayMs) => delaySeconds(delayMs) * 1000,
    async send(job, opts) {
      const delay = delaySeconds(opts?.delayMs);
      await client.send(
        new SendMessageCommand({
          QueueUrl: cfg.queueUrl,
          MessageBody: JSON.stringify(job),
          ...(delay > 0 ? { DelaySeconds: delay } : {}),
        }),
      );
    },
  };
}
