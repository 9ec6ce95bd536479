import type { Attempt } from "../../domain/session";
import type { AttemptStore } from "../../ports";
import { mergeAttempt, recordAttemptEvent } from "./session-updates";
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
    record: (sessionId, change) => recordAttemptEvent(table, sessionId, change),
    merge: (sessionId, attempt) => mergeAttempt(table, sessionId, attempt),
    async putFeedback(sessionId, feedback) {
      await table.put({ pk: pk(sessionId), sk: `FEEDBACK#${feedback.id}`, type: "feedback", ...feedback });
    },
  };
}
