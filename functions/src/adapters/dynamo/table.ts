import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall, type NativeAttributeValue, unmarshall } from "@aws-sdk/util-dynamodb";
import { nextRetryDelay, sleep } from "@frictionmap/protocol";
import { BadCursor, type Page, PreconditionFailed } from "../../ports";
import { TABLE_KEYS } from "./table-design";

export type Item = Record<string, NativeAttributeValue>;
export type Key = { pk: string; sk: string };

const KEY_ATTRS = new Set([
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  TABLE_KEYS.gsi1.partitionKey,
  TABLE_KEYS.gsi1.sortKey,
  TABLE_KEYS.gsi2.partitionKey,
  TABLE_KEYS.gsi2.sortKey,
  TABLE_KEYS.ttlAttribute,
  "type",
]);

const toAttrs = (item: Item) =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/**
 * An item past its `ttl` is gone for readers, whenever DynamoDB gets round to deleting it
 * (that can take days): its recording objects may already have expired.
 */
const live = (item: Item) => typeof item.ttl !== "number" || item.ttl * 1000 > Date.now();

/** The entity an item holds, without its key and index attributes. */
export function entityOf<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.has(k)) out[k] = v;
  return out as T;
}

export interface QueryOptions {
  index?: "gsi1" | "gsi2";
  pk: string;
  skPrefix?: string;
  skFrom?: string;
  skBefore?: string;
  newestFirst?: boolean;
}

/** The few table operations the stores need, with paging, batching and retries. */
export class Table {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  async get(key: Key): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.name, Key: toAttrs(key), ConsistentRead: true }),
    );
    const item = out.Item ? unmarshall(out.Item) : undefined;
    return item && live(item) ? item : undefined;
  }

  /** Puts an item; with `ifAbsent` it returns false instead of overwriting one. */
  async put(item: Item, opts: { ifAbsent?: boolean; ifVersion?: number } = {}): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.name,
          Item: toAttrs(item),
          ...(opts.ifAbsent ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
          ...(opts.ifVersion !== undefined
            ? {
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: toAttrs({ ":v": opts.ifVersion }),
              }
            : {}),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) {
        if (opts.ifAbsent) return false;
        throw new PreconditionFailed("the item changed meanwhile");
      }
      throw err;
    }
  }

  private queryInput(q: QueryOptions, limit?: number, startKey?: Item): QueryCommandInput {
    const pkName = q.index ? TABLE_KEYS[q.index].partitionKey : TABLE_KEYS.partitionKey;
    const skName = q.index ? TABLE_KEYS[q.index].sortKey : TABLE_KEYS.sortKey;
    const values: Item = { ":pk": q.pk };
    let condition = "#pk = :pk";
    if (q.skPrefix !== undefined) {
      condition += " AND begins_with(#sk, :prefix)";
      values[":prefix"] = q.skPrefix;
    } else if (q.skFrom !== undefined) {
      condition += " AND #sk >= :from";
      values[":from"] = q.skFrom;
    } else if (q.skBefore !== undefined) {
      condition += " AND #sk < :before";
      values[":before"] = q.skBefore;
    }
    return {
      TableName: this.name,
      ...(q.index ? { IndexName: TABLE_KEYS[q.index].name } : { ConsistentRead: true }),
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { "#pk": pkName, ...(condition.includes("#sk") ? { "#sk": skName } : {}) },
      ExpressionAttributeValues: toAttrs(values),
      ScanIndexForward: !q.newestFirst,
      ...(limit ? { Limit: limit } : {}),
      ...(startKey ? { ExclusiveStartKey: toAttrs(startKey) } : {}),
    };
  }

  /** One page of a query, with an opaque cursor for the next. */
  async page(q: QueryOptions, limit: number, cursor?: string): Promise<Page<Item>> {
    const startKey = cursor ? decodeCursor(cursor, q.pk) : undefined;
    const out = await this.client.send(new QueryCommand(this.queryInput(q, limit, startKey)));
    const items = (out.Items ?? []).map((i) => unmarshall(i)).filter(live);
    const next = out.LastEvaluatedKey ? encodeCursor(unmarshall(out.LastEvaluatedKey)) : undefined;
    return next ? { items, cursor: next } : { items };
  }

  /** Every item of a query, following all pages. */
  async all(q: QueryOptions, opts: { withExpired?: boolean } = {}): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.client.send(new QueryCommand(this.queryInput(q, undefined, startKey)));
      for (const i of out.Items ?? []) {
        const item = unmarshall(i);
        if (opts.withExpired || live(item)) items.push(item);
      }
      startKey = out.LastEvaluatedKey ? unmarshall(out.LastEvaluatedKey) : undefined;
    } while (startKey);
    return items;
  }

  /** How many live items a query matches, counted by DynamoDB (no item is returned). */
  async count(q: QueryOptions): Promise<number> {
    let total = 0;
    let startKey: Item | undefined;
    do {
      const input = this.queryInput(q, undefined, startKey);
      const out = await this.client.send(
        new QueryCommand({
          ...input,
          Select: "COUNT",
          FilterExpression: "attribute_not_exists(#ttl) OR #ttl > :now",
          ExpressionAttributeNames: { ...input.ExpressionAttributeNames, "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ...input.ExpressionAttributeValues,
            ...toAttrs({ ":now": Math.floor(Date.now() / 1000) }),
          },
        }),
      );
      total += out.Count ?? 0;
      startKey = out.LastEvaluatedKey ? unmarshall(out.LastEvaluatedKey) : undefined;
    } while (startKey);
    return total;
  }

  /**
   * Sets the given attributes (and removes those given as undefined) of an existing item
   * (with `upsert`, of the item whether it exists or not); `condition` adds to the
   * item-exists check. Returns false when the condition failed.
   */
  async set(
    key: Key,
    fields: Item,
    condition?: { expression: string; values: Item },
    opts: { upsert?: boolean } = {},
  ): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Item = { ...(condition?.values ?? {}) };
    const sets: string[] = [];
    const removes: string[] = [];
    Object.entries(fields).forEach(([k, v], i) => {
      names[`#f${i}`] = k;
      if (v === undefined) removes.push(`#f${i}`);
      else {
        values[`:f${i}`] = v;
        sets.push(`#f${i} = :f${i}`);
      }
    });
    if (sets.length + removes.length === 0) return true;
    const conditions = [
      ...(opts.upsert ? [] : ["attribute_exists(pk)"]),
      ...(condition ? [`(${condition.expression})`] : []),
    ];
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.name,
          Key: toAttrs(key),
          UpdateExpression: [
            sets.length ? `SET ${sets.join(", ")}` : "",
            removes.length ? `REMOVE ${removes.join(", ")}` : "",
          ]
            .join(" ")
            .trim(),
          ...(conditions.length ? { ConditionExpression: conditions.join(" AND ") } : {}),
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: toAttrs(values) } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  putMany(items: Item[]): Promise<void> {
    return this.batchWrite(items.map((i) => ({ PutRequest: { Item: toAttrs(i) } })));
  }

  deleteMany(keys: Key[]): Promise<void> {
    return this.batchWrite(keys.map((k) => ({ DeleteRequest: { Key: toAttrs(k) } })));
  }

  /** BatchWriteItem in groups of 25, retrying unprocessed items with backoff. */
  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
        if (attempt > 0) await sleep(nextRetryDelay(attempt, { baseMs: 50, maxMs: 2000 }));
        const out = await this.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.name]: pending } }),
        );
        pending = out.UnprocessedItems?.[this.name] ?? [];
      }
    }
  }
}

export function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** A cursor back into a key; only string key attributes of the same partition pass. */
export function decodeCursor(cursor: string, pk: string): Item {
  try {
    if (cursor.length > 2000) throw new BadCursor();
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BadCursor();
    const entries = Object.entries(parsed);
    const ok = entries.every(([k, v]) => KEY_ATTRS.has(k) && typeof v === "string");
    const samePartition = Object.values(parsed).includes(pk);
    if (!ok || !samePartition || entries.length > 4) throw new BadCursor();
    return parsed as Item;
  } catch {
    throw new BadCursor();
  }
}
