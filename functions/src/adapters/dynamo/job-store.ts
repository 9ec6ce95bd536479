import type { JobRecord } from "../../domain/jobs";
import type { JobStore } from "../../ports";
import { entityOf, type Table } from "./table";
import { key } from "./table-design";

const ttlOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Job status records; the table's TTL removes them after JOB_RECORD_DAYS. */
export function dynamoJobStore(table: Table): JobStore {
  return {
    async put(job) {
      await table.put({ ...key.job(job.id), type: "job", ttl: ttlOf(job.expiresAt), ...job });
    },
    async get(id) {
      const item = await table.get(key.job(id));
      return item ? entityOf<JobRecord>(item) : undefined;
    },
    async update(id, changes) {
      if (!(await table.set(key.job(id), changes))) throw new Error(`job ${id} does not exist`);
    },
  };
}
