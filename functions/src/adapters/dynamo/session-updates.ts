import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttemptChange } from "../../domain/participant";
import type { Attempt } from "../../domain/session";
import type { AttemptFields, SessionChanges } from "../../ports";
import { entityOf, type Item, type Key, type Table } from "./table";
import { key, OPEN_SESSIONS } from "./table-design";

/**
 * One UpdateItem expression, built clause by clause with every attribute name and value
 * escaped. Each field is its own SET clause, so concurrent writers of different fields
 * never overwrite each other.
 */
class Update {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Item = {};
  private n = 0;

  private name(attr: string): string {
    const k = `#n${this.n++}`;
    this.names[k] = attr;
    return k;
  }

  private value(v: unknown): string {
    const k = `:v${this.n++}`;
    this.values[k] = v;
    return k;
  }

  /** `a.b = :v` (a map entry) or `a = :v`. */
  set(path: string[], v: unknown): this {
    if (v !== undefined) this.sets.push(`${path.map((p) => this.name(p)).join(".")} = ${this.value(v)}`);
    return this;
  }

  /** `a = if_not_exists(a, :v)`: kept when already there. */
  setIfAbsent(attr: string, v: unknown): this {
    const n = this.name(attr);
    this.sets.push(`${n} = if_not_exists(${n}, ${this.value(v)})`);
    return this;
  }

  remove(attr: string): this {
    this.removes.push(this.name(attr));
    return this;
  }

  /** A condition over attributes, `{a}` standing for an escaped attribute name. */
  condition(text: string): string {
    return text.replace(/\{(\w+)\}/g, (_, attr: string) => this.name(attr));
  }

  get empty(): boolean {
    return this.sets.length === 0 && this.removes.length === 0;
  }

  input(table: Table, itemKey: Key, condition?: string): UpdateItemCommandInput {
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(", ")}` : "",
      this.removes.length ? `REMOVE ${this.removes.join(", ")}` : "",
    ];
    const hasValues = Object.keys(this.values).length > 0;
    return {
      TableName: table.name,
      Key: marshall(itemKey),
      UpdateExpression: clauses.filter(Boolean).join(" "),
      ExpressionAttributeNames: this.names,
      ...(hasValues
        ? { ExpressionAttributeValues: marshall(this.values, { removeUndefinedValues: true }) }
        : {}),
      ...(condition ? { ConditionExpression: condition } : {}),
      ReturnValues: "ALL_NEW",
    };
  }
}

/** The attempt's identity fields, set on every write; returns its key. */
function attemptBase(u: Update, sessionId: string, a: Pick<Attempt, "taskId" | "taskIndex">): Key {
  u.set(["type"], "attempt").set(["taskId"], a.taskId).set(["taskIndex"], a.taskIndex);
  return key.attempt(sessionId, a.taskIndex);
}

/**
 * One task-panel event on its attempt, without reading it first: the first start and the
 * first end win (conditions in the same request), answers are set field by field.
 */
export async function recordAttemptEvent(
  table: Table,
  sessionId: string,
  change: AttemptChange,
): Promise<Attempt> {
  const u = new Update();
  const itemKey = attemptBase(u, sessionId, change);
  u.setIfAbsent("startedAt", change.startedAt);
  let condition: string | undefined;
  if (change.end) {
    u.set(["endedAt"], change.end.endedAt).set(["outcome"], change.end.outcome);
    u.set(["claimedDone"], change.end.claimedDone);
    condition = u.condition("attribute_not_exists({outcome})");
  }
  u.set(["seq"], change.answer?.seq).set(["comment"], change.answer?.comment);
  try {
    const out = await table.client.send(new UpdateItemCommand(u.input(table, itemKey, condition)));
    return entityOf<Attempt>(unmarshall(out.Attributes ?? {}));
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    // Ended already (a retried or a second "end"): the stored attempt stands.
    const stored = await table.get(itemKey);
    if (!stored) throw err;
    return entityOf<Attempt>(stored);
  }
}

/** Sets the given attempt fields, each its own attribute; the others stay as they are. */
export async function mergeAttempt(table: Table, sessionId: string, attempt: AttemptFields) {
  const u = new Update();
  const itemKey = attemptBase(u, sessionId, attempt);
  for (const [field, v] of Object.entries(attempt)) {
    if (field !== "taskId" && field !== "taskIndex") u.set([field], v);
  }
  await table.client.send(new UpdateItemCommand(u.input(table, itemKey)));
}

/** Maps on the session merged task by task rather than replaced. */
const MERGED = ["outcomes", "seqAnswers"] as const;

const missingMap = (err: unknown) =>
  err instanceof DynamoDBServiceException &&
  err.name === "ValidationException" &&
  /document path/i.test(err.message);

/**
 * Changes a session's fields; `outcomes` and `seqAnswers` entries are set one task at a
 * time. Nothing is read first: the sweeper's index key follows `lastActivityAt` only while
 * the session is in the index (gsi2pk present), and leaves it when the status ends.
 */
export async function updateSession(table: Table, sessionId: string, changes: SessionChanges) {
  const build = () => {
    const u = new Update();
    for (const [field, v] of Object.entries(changes)) {
      if (v === undefined || field === "id") continue;
      if ((MERGED as readonly string[]).includes(field)) {
        for (const [taskId, entry] of Object.entries(v as Record<string, unknown>)) {
          u.set([field, taskId], entry);
        }
      } else u.set([field], v);
    }
    const ends = changes.status !== undefined && changes.status !== "active";
    if (ends) u.remove("gsi2pk").remove("gsi2sk");
    if (changes.status === "active") u.set(["gsi2pk"], OPEN_SESSIONS);
    if (!ends && changes.lastActivityAt) u.set(["gsi2sk"], `${changes.lastActivityAt}#${sessionId}`);
    return u;
  };
  const send = async () => {
    const u = build();
    if (u.empty) return;
    const input = u.input(table, key.session(sessionId), u.condition("attribute_exists({pk})"));
    await table.client.send(new UpdateItemCommand({ ...input, ReturnValues: "NONE" }));
  };
  try {
    await send();
  } catch (err) {
    if (!missingMap(err)) throw err;
    // A session stored before the map existed: create the empty maps once, then merge.
    for (const field of MERGED) {
      if (changes[field] === undefined) continue;
      const u = new Update().setIfAbsent(field, {});
      const exists = u.condition("attribute_exists({pk})");
      await table.client.send(new UpdateItemCommand(u.input(table, key.session(sessionId), exists)));
    }
    await send();
  }
}
