import type { Signal, StepVisit } from "../../domain/session";
import type { AnalysisResults } from "../../ports";
import type { Table } from "./table";
import { key, pad } from "./table-design";

const visitSk = (v: StepVisit, n: number) => `VISIT#${pad(v.enteredAt, 10)}#${pad(n, 4)}`;
const signalSk = (s: Signal) => `SIGNAL#${pad(s.t, 10)}#${s.id}`;

/** Step visits and signals: items of the session's partition, replaced as a whole. */
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
  };
}
