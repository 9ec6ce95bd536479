import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Attempt } from "../../domain/session";
import type { AttemptStore } from "../../ports";
import { entityOf, type Item, type Table } from "./table";
import { key } from "./table-design";

/** What analysis derives of an attempt; the task panel never writes these. */
const DERIVED = ["startT", "endT", "durationMs", "path", "pathSummary"] as const;
/** What the panel may have written first: analysis fills them only where missing. */
const PANEL_FIRST = ["taskId", "startedAt", "endedAt", "outcome"] as const;

/** Task attempts and feedback, each its own item in the session's partition. */
export function dynamoAttemptStore(table: Table): AttemptStore {
  const pk = (id: string) => key.session(id).pk;

  return {
    async get(sessionId, taskIndex) {
      const item = await table.get(key.attempt(sessionId, taskIndex));
      return item ? entityOf<Attempt>(item) : undefined;
    },
    async put(sessionId, attempt) {
      await table.put({ ...key.attempt(sessionId, attempt.taskIndex), type: "attempt", ...attempt });
    },
    async putDerived(sessionId, attempt) {
      const sets: string[] = ["#type = :type", "#taskIndex = :taskIndex"];
      const names: Record<string, string> = { "#type": "type", "#taskIndex": "taskIndex" };
      const values: Item = { ":type": "attempt", ":taskIndex": attempt.taskIndex };
      for (const f of DERIVED) {
        if (attempt[f] === undefined) continue;
        names[`#${f}`] = f;
        values[`:${f}`] = attempt[f];
        sets.push(`#${f} = :${f}`);
      }
      for (const f of PANEL_FIRST) {
        if (attempt[f] === undefined) continue;
        names[`#${f}`] = f;
        values[`:${f}`] = attempt[f];
        sets.push(`#${f} = if_not_exists(#${f}, :${f})`);
      }
      await table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(key.attempt(sessionId, attempt.taskIndex)),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      );
    },
    async putFeedback(sessionId, feedback) {
      await table.put({ pk: pk(sessionId), sk: `FEEDBACK#${feedback.id}`, type: "feedback", ...feedback });
    },
  };
}
