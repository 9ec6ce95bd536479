import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { StudyReport } from "../../domain/analysis/report";
import type { AggregateState } from "../../domain/analysis/report-aggregate";
import { ttlOf } from "../../domain/retention";
import type { ReportAggregates } from "../../ports";
import type { Item, Table } from "./table";
import { key } from "./table-design";

/** The gzipped report is cut into parts of this size: a study of any size fits DynamoDB's 400 KB items. */
const PART_BYTES = 300_000;

const STATE_FIELDS = ["requestedAt", "takenAt", "builtAt", "checkedAt", "counted", "total"] as const;
const stateOf = (head: Item): AggregateState =>
  Object.fromEntries(STATE_FIELDS.flatMap((f) => (head[f] !== undefined ? [[f, head[f]]] : [])));

/**
 * A study's stored journey map: a head item (bookkeeping, and the hash naming the content)
 * and the gzipped content in parts keyed by that hash, in the study's partition. A new
 * build writes its parts, then swaps the head (only if no later take happened), then
 * deletes the old parts: a reader sees the old report or the new one, never a mix.
 */
export function dynamoReportAggregates(table: Table): ReportAggregates {
  const partsOf = (studyId: string, hash: string) =>
    table.all({ pk: key.report(studyId).pk, skPrefix: `REPORT#${hash}#` }, { withExpired: true });
  const dropParts = async (studyId: string, hash: string) =>
    table.deleteMany((await partsOf(studyId, hash)).map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
  const mine = (takenAt: string) => ({ expression: "takenAt = :taken", values: { ":taken": takenAt } });

  return {
    async request(studyId, now, staleBefore) {
      return table.set(
        key.report(studyId),
        { type: "report", requestedAt: now.toISOString() },
        {
          expression: "attribute_not_exists(requestedAt) OR requestedAt < :stale",
          values: { ":stale": staleBefore.toISOString() },
        },
        { upsert: true },
      );
    },
    async take(studyId, now) {
      const takenAt = now.toISOString();
      await table.set(key.report(studyId), { type: "report", takenAt, requestedAt: undefined }, undefined, {
        upsert: true,
      });
      return takenAt;
    },
    async put(studyId, build, takenAt) {
      const json = JSON.stringify(build.report);
      const hash = createHash("sha256")
        .update(`${build.retainUntil ?? ""}\n${json}`)
        .digest("base64url")
        .slice(0, 22);
      const head = await table.get(key.report(studyId));
      const ttl = build.retainUntil ? ttlOf(build.retainUntil) : undefined;
      if (head?.hash === hash) {
        const ok = await table.set(key.report(studyId), { checkedAt: takenAt }, mine(takenAt));
        return ok ? "unchanged" : "superseded";
      }
      const body = gzipSync(json);
      const parts: Uint8Array[] = [];
      for (let at = 0; at < body.byteLength; at += PART_BYTES) parts.push(body.subarray(at, at + PART_BYTES));
      await table.putMany(
        parts.map((part, n) => ({
          ...key.reportPart(studyId, hash, n),
          type: "report-part",
          body: part,
          ...(ttl ? { ttl } : {}),
        })),
      );
      const { sessions } = build.report;
      const swapped = await table.set(
        key.report(studyId),
        {
          hash,
          parts: parts.length,
          builtAt: build.builtAt,
          checkedAt: takenAt,
          counted: sessions.counted,
          total: sessions.total,
          ttl,
        },
        mine(takenAt),
      );
      if (!swapped) {
        // A later take will store its own build: ours is a spare copy.
        const now = await table.get(key.report(studyId));
        if (now?.hash !== hash) await dropParts(studyId, hash);
        return "superseded";
      }
      if (typeof head?.hash === "string") await dropParts(studyId, head.hash);
      return "stored";
    },
    async get(studyId) {
      const head = await table.get(key.report(studyId));
      if (!head) return undefined;
      const state = stateOf(head);
      if (typeof head.hash !== "string") return { state };
      const parts = await table.all({ pk: key.report(studyId).pk, skPrefix: `REPORT#${head.hash}#` });
      // Swapped meanwhile, or expired: as if nothing were built (the reader asks again).
      if (parts.length !== head.parts) return { state: { ...state, builtAt: undefined } };
      const body = Buffer.concat(parts.map((p) => p.body as Uint8Array));
      return { state, report: JSON.parse(gunzipSync(body).toString("utf8")) as StudyReport };
    },
    async delete(studyId) {
      const items = await table.all(
        { pk: key.report(studyId).pk, skPrefix: "REPORT" },
        { withExpired: true },
      );
      await table.deleteMany(items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
    },
  };
}
