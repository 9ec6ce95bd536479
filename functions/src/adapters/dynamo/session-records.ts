import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { recordingTotals } from "../../domain/recording-totals";
import { ttlOf } from "../../domain/retention";
import type { Attempt, Feedback, Session, Signal, StepVisit } from "../../domain/session";
import type { SessionDetail, SessionRecords } from "../../ports";
import { chunksOfItems } from "./recording-index";
import { updateSession } from "./session-updates";
import { entityOf, type Item, type Table } from "./table";
import { key, OPEN_SESSIONS } from "./table-design";

function toItem(s: Session): Item {
  return {
    ...key.session(s.id),
    gsi1pk: key.byStudy(s.studyId),
    gsi1sk: `SESSION#${s.startedAt}#${s.id}`,
    ...openIndex(s),
    type: "session",
    ...s,
    ...(s.expiresAt ? { ttl: ttlOf(s.expiresAt) } : {}),
  };
}

/** Only active sessions are in the sweeper's sparse index. */
function openIndex(s: Pick<Session, "status" | "lastActivityAt" | "id">) {
  return s.status === "active" ? { gsi2pk: OPEN_SESSIONS, gsi2sk: `${s.lastActivityAt}#${s.id}` } : {};
}

/** The session records: the session item, and its whole partition for reads and erasure. */
export function dynamoSessionRecords(table: Table): SessionRecords {
  const pk = (id: string) => key.session(id).pk;

  return {
    async create(session) {
      if (!(await table.put(toItem(session), { ifAbsent: true }))) {
        throw new Error(`session ${session.id} already exists`);
      }
    },
    async get(id) {
      const item = await table.get(key.session(id));
      return item ? entityOf<Session>(item) : undefined;
    },
    async detail(id): Promise<SessionDetail | undefined> {
      const items = await table.all({ pk: pk(id) });
      const head = items.find((i) => i.sk === "SESSION");
      if (!head) return undefined;
      const of = <T>(prefix: string) =>
        items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => entityOf<T>(i));
      const chunks = chunksOfItems(items);
      return {
        // Totals counted from the chunk index read here: exact, even before the analysis
        // that follows new chunks has written them on the session item.
        session: { ...entityOf<Session>(head), ...recordingTotals(chunks) },
        attempts: of<Attempt>("ATTEMPT#"),
        stepVisits: of<StepVisit>("VISIT#"),
        signals: of<Signal>("SIGNAL#"),
        chunks,
        feedback: of<Feedback>("FEEDBACK#"),
      };
    },
    async listByStudy(studyId, { limit, cursor }) {
      const page = await table.page(
        { index: "gsi1", pk: key.byStudy(studyId), skPrefix: "SESSION#", newestFirst: true },
        limit,
        cursor,
      );
      return { ...page, items: page.items.map((i) => entityOf<Session>(i)) };
    },
    async allByStudy(studyId) {
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "SESSION#" });
      return items.map((i) => entityOf<Session>(i));
    },
    countByStudy: (studyId) => table.count({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "SESSION#" }),
    update: (sessionId, changes) => updateSession(table, sessionId, changes),
    async countAnnotations(sessionId, delta) {
      await table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(key.session(sessionId)),
          UpdateExpression: "ADD annotationCount :d",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: marshall({ ":d": delta }),
        }),
      );
    },
    async applyRetention(sessionId, expiresAt) {
      const ttl = ttlOf(expiresAt);
      const items = await table.all({ pk: pk(sessionId) });
      let changed = 0;
      for (const i of items) {
        if (typeof i.ttl === "number") continue;
        if (await table.set({ pk: String(i.pk), sk: String(i.sk) }, { ttl })) changed++;
      }
      return changed;
    },
    async delete(id) {
      // Expired items too: erasure removes every byte, whenever DynamoDB would have.
      const items = await table.all({ pk: pk(id) }, { withExpired: true });
      await table.deleteMany(items.map((i) => ({ pk: i.pk, sk: i.sk })));
    },
  };
}
