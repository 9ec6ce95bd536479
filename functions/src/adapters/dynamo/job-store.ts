import { ConditionalCheckFailedException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { JobRecord } from "../../domain/jobs";
import { ttlOf } from "../../domain/retention";
import type { JobStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

/**
 * Job status records; the table's TTL removes them after JOB_RECORD_DAYS. A fanned-out
 * job's tally is a map of session id → outcome on the record, each entry written on its
 * own (so concurrent sessions never lose each other's, and a retry's word replaces a
 * failure's).
 */
export function dynamoJobStore(table: Table): JobStore {
  const update = async (id: string, expression: string, names: Record<string, string>, values: object) => {
    try {
      await table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(key.job(id)),
          UpdateExpression: expression,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new Error(`job ${id} does not exist`);
      throw err;
    }
  };
  return {
    async put(job) {
      await table.put({ ...key.job(job.id), type: "job", ttl: ttlOf(job.expiresAt), ...job });
    },
    async get(id) {
      const item = await table.get(key.job(id));
      return item ? entityOf<JobRecord>(item) : undefined;
    },
    async update(id, changes) {
      if (!(await table.set(key.job(id), changes))) throw new Error(`job ${id} does not exist`);
    },
    async startFanOut(id, total, now) {
      await update(
        id,
        "SET #total = :total, #sessions = if_not_exists(#sessions, :empty), #status = :running, #at = :at",
        { "#total": "total", "#sessions": "sessions", "#status": "status", "#at": "updatedAt" },
        { ":total": total, ":empty": {}, ":running": "running", ":at": now.toISOString() },
      );
    },
    async recordSession(id, sessionId, outcome) {
      await update(
        id,
        "SET #sessions.#sid = :outcome",
        { "#sessions": "sessions", "#sid": sessionId },
        { ":outcome": outcome },
      );
    },
  };
}
