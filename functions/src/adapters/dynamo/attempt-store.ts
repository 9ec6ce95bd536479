import type { Attempt } from "../../domain/session";
import type { AttemptStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

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
    async putFeedback(sessionId, feedback) {
      await table.put({ pk: pk(sessionId), sk: `FEEDBACK#${feedback.id}`, type: "feedback", ...feedback });
    },
  };
}
