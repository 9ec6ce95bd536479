import { ConditionalCheckFailedException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { Invite } from "../../domain/invite";
import { type InviteStore, PreconditionFailed } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const toItem = (i: Invite) => ({
  ...key.invite(i.tokenHash),
  gsi1pk: key.byStudy(i.studyId),
  gsi1sk: `INVITE#${i.createdAt}#${i.id}`,
  type: "invite",
  ...i,
});

export function dynamoInviteStore(table: Table): InviteStore {
  return {
    async createMany(invites) {
      await table.putMany(invites.map(toItem));
    },
    async getByTokenHash(tokenHash) {
      const item = await table.get(key.invite(tokenHash));
      return item ? entityOf<Invite>(item) : undefined;
    },
    async listByStudy(studyId, { limit, cursor }) {
      const page = await table.page(
        // In creation order: a batch lists as it was numbered.
        { index: "gsi1", pk: key.byStudy(studyId), skPrefix: "INVITE#" },
        limit,
        cursor,
      );
      return { ...page, items: page.items.map((i) => entityOf<Invite>(i)) };
    },
    async claim(tokenHash, now) {
      try {
        const out = await table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(key.invite(tokenHash)),
            UpdateExpression: "SET used = used + :one",
            ConditionExpression:
              "attribute_exists(pk) AND used < cap AND attribute_not_exists(revokedAt) AND (attribute_not_exists(expiresAt) OR expiresAt > :now)",
            ExpressionAttributeValues: marshall({ ":one": 1, ":now": now.toISOString() }),
            ReturnValues: "ALL_NEW",
          }),
        );
        return entityOf<Invite>(unmarshall(out.Attributes ?? {}));
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
          throw new PreconditionFailed("invite used up, expired or unknown");
        }
        throw err;
      }
    },
    async markCompleted(tokenHash) {
      await table.client
        .send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(key.invite(tokenHash)),
            UpdateExpression: "SET completed = completed + :one",
            ConditionExpression: "attribute_exists(pk) AND completed < used",
            ExpressionAttributeValues: marshall({ ":one": 1 }),
          }),
        )
        .catch((err) => {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        });
    },
    async update(studyId, inviteId, changes) {
      // Invites are keyed by token hash: the study's index finds the one with this id.
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "INVITE#" });
      const found = items.map((i) => entityOf<Invite>(i)).find((i) => i.id === inviteId);
      if (!found) return undefined;
      const sets = Object.entries(changes).filter(([, v]) => v !== undefined);
      if (sets.length === 0) return found;
      const out = await table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: marshall(key.invite(found.tokenHash)),
          UpdateExpression: `SET ${sets.map(([k]) => `#${k} = :${k}`).join(", ")}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: Object.fromEntries(sets.map(([k]) => [`#${k}`, k])),
          ExpressionAttributeValues: marshall(Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v]))),
          ReturnValues: "ALL_NEW",
        }),
      );
      return entityOf<Invite>(unmarshall(out.Attributes ?? {}));
    },
    async deleteByStudy(studyId) {
      const items = await table.all({ index: "gsi1", pk: key.byStudy(studyId), skPrefix: "INVITE#" });
      await table.deleteMany(items.map((i) => ({ pk: i.pk, sk: i.sk })));
    },
  };
}
