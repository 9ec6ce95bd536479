import { ConditionalCheckFailedException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ChunkRef } from "../../domain/session";
import type { RecordingIndex } from "../../ports";
import { entityOf, type Item, type Table } from "./table";
import { key } from "./table-design";

/** The chunk index (one item per stored chunk) and the totals on the session item. */
export function dynamoRecordingIndex(table: Table): RecordingIndex {
  const pk = (id: string) => key.session(id).pk;

  return {
    async add(sessionId, chunk) {
      return table.put({ ...key.chunk(sessionId, chunk.seq), type: "chunk", ...chunk }, { ifAbsent: true });
    },
    async get(sessionId, seq) {
      const item = await table.get(key.chunk(sessionId, seq));
      return item ? entityOf<ChunkRef>(item) : undefined;
    },
    async count(session, chunk, now) {
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
    async list(sessionId, fromSeq) {
      const items = await table.all(
        fromSeq === undefined
          ? { pk: pk(sessionId), skPrefix: "CHUNK#" }
          : { pk: pk(sessionId), skFrom: key.chunk(sessionId, fromSeq).sk },
      );
      return items.filter((i) => String(i.sk).startsWith("CHUNK#")).map((i) => entityOf<ChunkRef>(i));
    },
  };
}
