import { gunzipSync, gzipSync } from "node:zlib";
import { ttlOf } from "../../domain/retention";
import type { Signal, StepVisit } from "../../domain/session";
import type { AnalysisResults, SessionSummary } from "../../ports";
import type { Table } from "./table";
import { key, pad } from "./table-design";

/** Summaries are kept gzipped: a session with many signals stays far below the item size limit. */
const packSummary = (s: SessionSummary) => gzipSync(JSON.stringify(s));
const unpackSummary = (body: Uint8Array) => JSON.parse(gunzipSync(body).toString("utf8")) as SessionSummary;

const visitSk = (v: StepVisit, n: number) => `VISIT#${pad(v.enteredAt, 10)}#${pad(n, 4)}`;
const signalSk = (s: Signal) => `SIGNAL#${pad(s.t, 10)}#${s.id}`;

/**
 * Step visits and signals: items of the session's partition, replaced as a whole. The
 * pending-analysis mark is an attribute of the session item; summaries live in the study's
 * partition so the report reads them with one query.
 */
export function dynamoAnalysisResults(table: Table): AnalysisResults {
  const pk = (id: string) => key.session(id).pk;

  return {
    async put(sessionId, visits, signals) {
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
    async request(sessionId, now, staleBefore) {
      return table.set(
        key.session(sessionId),
        { analysisRequestedAt: now.toISOString() },
        {
          expression: "attribute_not_exists(analysisRequestedAt) OR analysisRequestedAt < :stale",
          values: { ":stale": staleBefore.toISOString() },
        },
      );
    },
    async clearRequest(sessionId) {
      await table.set(key.session(sessionId), { analysisRequestedAt: undefined });
    },
    async putSummary(studyId, summary, expiresAt) {
      await table.put({
        ...key.summary(studyId, summary.sessionId),
        type: "summary",
        body: packSummary(summary),
        ...(expiresAt ? { ttl: ttlOf(expiresAt) } : {}),
      });
    },
    async listSummaries(studyId) {
      const items = await table.all({ pk: key.study(studyId).pk, skPrefix: "SUMMARY#" });
      return items.map((i) => unpackSummary(i.body as Uint8Array));
    },
    async deleteSummary(studyId, sessionId) {
      await table.deleteMany([key.summary(studyId, sessionId)]);
    },
  };
}
