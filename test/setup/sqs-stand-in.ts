import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  messageId: string;
  body: string;
  delaySeconds: number;
  queueUrl: string;
  /** The SigV4 Authorization header the SDK sent. */
  auth: string;
}

/**
 * A stand-in for SQS's SendMessage on loopback (AWS JSON 1.0 protocol, as the SDK speaks it),
 * keeping what was sent so a test can hand it to the worker as an SQS event.
 */
export async function startSqsStandIn() {
  const sent: SentMessage[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      res.setHeader("content-type", "application/x-amz-json-1.0");
      if (target !== "AmazonSQS.SendMessage") {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "com.amazonaws.sqs#UnsupportedOperation", message: target }));
        return;
      }
      const input = JSON.parse(raw) as { QueueUrl: string; MessageBody: string; DelaySeconds?: number };
      const messageId = randomUUID();
      sent.push({
        messageId,
        body: input.MessageBody,
        delaySeconds: input.DelaySeconds ?? 0,
        queueUrl: input.QueueUrl,
        auth: String(req.headers.authorization ?? ""),
      });
      const md5 = createHash("md5").update(input.MessageBody).digest("hex");
      res.end(JSON.stringify({ MessageId: messageId, MD5OfMessageBody: md5 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    /** Takes what was sent so far, as the SQS event the worker Lambda receives. */
    drainAsEvent(queueArn = "arn:aws:sqs:eu-west-1:123456789012:frictionmap-dev-jobs") {
      const batch = sent.splice(0, sent.length);
      return {
        Records: batch.map((m) => ({
          messageId: m.messageId,
          receiptHandle: `rh-${m.messageId}`,
          body: m.body,
          attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: String(Date.now()),
            SenderId: "AROAEXAMPLE:frictionmap-api",
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: createHash("md5").update(m.body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: queueArn,
          awsRegion: "eu-west-1",
        })),
      };
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
