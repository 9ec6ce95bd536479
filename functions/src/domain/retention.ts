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

/**
 * What is made from a session's recording after it started (annotations, clips, and the
 * reels and share links over them) is kept no longer than the session: `retainUntil` is
 * the session's `expiresAt`, and the table's ttl deletes the item then.
 */
export interface Retained {
  retainUntil?: string;
}

/** The entity with the given end of retention (none: kept until deleted, as before ttl). */
export function retainedUntil<T extends Retained>(entity: T, until: string | undefined): T {
  const { retainUntil: _old, ...rest } = entity;
  return (until ? { ...rest, retainUntil: until } : rest) as T;
}

/** Something made of several sessions' data lasts as long as the last of them; forever if one has no end. */
export function latestRetention(ends: readonly (string | undefined)[]): string | undefined {
  if (ends.length === 0 || ends.some((e) => e === undefined)) return undefined;
  return [...(ends as string[])].sort().at(-1); // ISO times: the latest sorts last
}

/** The table's ttl attribute for an entity, when it has an end. */
export const ttlAttr = (r: Retained) => (r.retainUntil ? { ttl: ttlOf(r.retainUntil) } : {});
