import { ConditionalCheckFailedException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Attempt, ChunkRef, Feedback, Session, Signal, StepVisit } from "../../domain/session";
import type { SessionDetail, SessionStore } from "../../ports";
import { mergeAttempt, recordAttemptEvent, updateSession } from "./session-updates";
import { entityOf, type Item, type Table } from "./table";
import { key, OPEN_SESSIONS, pad } from "./table-design";

function toItem(s: Session): Item {
  return {
    ...key.session(s.id),
    gsi1pk: key.byStudy(s.studyId),
    gsi1sk: `SESSION#${s.startedAt}#${s.id}`,
    ...openIndex(s),
    type: "session",
    ...s,
  };
}

/** Only active sessions are in the sweeper's sparse index. */
function openIndex(s: Pick<Session, "status" | "lastActivityAt" | "id">) {
  return s.status === "active" ? { gsi2pk: OPEN_SESSIONS, gsi2sk: `${s.lastActivityAt}#${s.id}` } : {};
}

const visitSk = (v: StepVisit, n: number) => `VISIT#${pad(v.enteredAt, 10)}#${pad(n, 4)}`;
const signalSk = (s: Signal) => `SIGNAL#${pad(s.t, 10)}#${s.id}`;

export function dynamoSessionStore(table: Table): SessionStore {
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
      return {
        session: entityOf<Session>(head),
        attempts: of<Attempt>("ATTEMPT#"),
        stepVisits: of<StepVisit>("VISIT#"),
        signals: of<Signal>("SIGNAL#"),
        chunks: of<ChunkRef>("CHUNK#"),
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
    async allIdsByStudy(studyId) {
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "SESSION#" });
      return items.map((i) => String(i.id));
    },
    async getAttempt(sessionId, taskIndex) {
      const item = await table.get(key.attempt(sessionId, taskIndex));
      return item ? entityOf<Attempt>(item) : undefined;
    },
    recordAttemptEvent: (sessionId, change) => recordAttemptEvent(table, sessionId, change),
    mergeAttempt: (sessionId, attempt) => mergeAttempt(table, sessionId, attempt),
    async addChunk(sessionId, chunk) {
      return table.put({ ...key.chunk(sessionId, chunk.seq), type: "chunk", ...chunk }, { ifAbsent: true });
    },
    async getChunk(sessionId, seq) {
      const item = await table.get(key.chunk(sessionId, seq));
      return item ? entityOf<ChunkRef>(item) : undefined;
    },
    async countChunk(session, chunk, now) {
      const sessionId = session.id;
      const update = (expression: string, values: Item, condition?: string) =>
        table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(key.session(sessionId)),
            UpdateExpression: expression,
            ConditionExpression: condition ? `attribute_exists(pk) AND ${condition}` : "attribute_exists(pk)",
            ExpressionAttributeValues: marshall(values),
          }),
        );
      const activity = now.toISOString();
      await update(
        `ADD chunkCount :one, eventCount :n, bytes :b SET lastActivityAt = :at${
          session.status === "active" ? ", gsi2sk = :idx" : ""
        }`,
        {
          ":one": 1,
          ":n": chunk.eventCount,
          ":b": chunk.bytes,
          ":at": activity,
          ...(session.status === "active" ? { ":idx": `${activity}#${sessionId}` } : {}),
        },
      );
      // First and last event times only move outwards; a lost race is simply not needed.
      const ignoreLostRace = (err: unknown) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      };
      await update(
        "SET firstTs = :t",
        { ":t": chunk.firstTs },
        "(attribute_not_exists(firstTs) OR firstTs > :t)",
      ).catch(ignoreLostRace);
      await update(
        "SET lastTs = :t",
        { ":t": chunk.lastTs },
        "(attribute_not_exists(lastTs) OR lastTs < :t)",
      ).catch(ignoreLostRace);
    },
    async putFeedback(sessionId, feedback) {
      await table.put({ pk: pk(sessionId), sk: `FEEDBACK#${feedback.id}`, type: "feedback", ...feedback });
    },
    async listChunks(sessionId, fromSeq) {
      const items = await table.all(
        fromSeq === undefined
          ? { pk: pk(sessionId), skPrefix: "CHUNK#" }
          : { pk: pk(sessionId), skFrom: key.chunk(sessionId, fromSeq).sk },
      );
      return items.filter((i) => String(i.sk).startsWith("CHUNK#")).map((i) => entityOf<ChunkRef>(i));
    },
    async putAnalysis(sessionId, visits, signals) {
      const old = await table.all({ pk: pk(sessionId), skFrom: "SIGNAL#" });
      const stale = old.filter((i) => /^(SIGNAL|VISIT)#/.test(String(i.sk)));
      const fresh = [
        ...visits.map((v, n) => ({ pk: pk(sessionId), sk: visitSk(v, n), type: "visit", ...v })),
        ...signals.map((s) => ({ pk: pk(sessionId), sk: signalSk(s), type: "signal", ...s })),
      ];
      const keep = new Set(fresh.map((i) => i.sk));
      await table.putMany(fresh);
      await table.deleteMany(
        stale.filter((i) => !keep.has(String(i.sk))).map((i) => ({ pk: i.pk, sk: i.sk })),
      );
    },
    async listIdle(beforeIso, limit) {
      const page = await table.page({ index: "gsi2", pk: OPEN_SESSIONS, skBefore: beforeIso }, limit);
      return page.items.map((i) => entityOf<Session>(i));
    },
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
    async delete(id) {
      const items = await table.all({ pk: pk(id) });
      await table.deleteMany(items.map((i) => ({ pk: i.pk, sk: i.sk })));
    },
  };
}
