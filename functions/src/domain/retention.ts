/**
 * How long a session's data is kept. S3 expires objects by lifecycle rules, which are fixed
 * at deploy time, so retention comes in classes: a study's `retentionDays` is rounded down
 * to the nearest class (never kept longer than the study says), and the session's DynamoDB
 * items (`ttl`) and its recording objects (tag `fm-retention`) expire on that schedule.
 */
export const RETENTION_CLASSES = [1, 7, 14, 30, 60, 90, 180, 365, 730, 1095, 1825, 3650] as const;

/** A study that does not say keeps its sessions this many days. */
export const DEFAULT_RETENTION_DAYS = 90;

/** The tag a recording object carries; the bucket's lifecycle rule for its value expires it. */
export const RETENTION_TAG = "fm-retention";

export function retentionClass(days: number | undefined): number {
  const wanted = days ?? DEFAULT_RETENTION_DAYS;
  let out: number = RETENTION_CLASSES[0];
  for (const c of RETENTION_CLASSES) if (c <= wanted) out = c;
  return out;
}

/** The days a new session of a study is kept: its retention class, within the deployment's ceiling. */
export function sessionRetentionDays(studyDays: number | undefined, maxDays: number): number {
  return retentionClass(Math.min(studyDays ?? DEFAULT_RETENTION_DAYS, maxDays));
}

/** When the data of a session started at `startedAt` is deleted. */
export function expiryOf(startedAt: string, retentionDays: number): string {
  return new Date(Date.parse(startedAt) + retentionDays * 86_400_000).toISOString();
}

/** DynamoDB's TTL attribute: epoch seconds. */
export const ttlOf = (expiresAt: string) => Math.floor(Date.parse(expiresAt) / 1000);
