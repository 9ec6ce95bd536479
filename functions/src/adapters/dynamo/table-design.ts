/**
 * The single-table design, in one place: the local table creation, the CDK stack and
 * the adapters all read these names.
 *
 * | entity     | pk                 | sk            | gsi1pk (by parent) | gsi1sk                              |
 * |------------|--------------------|---------------|--------------------|-------------------------------------|
 * | study      | STUDY#{id}         | STUDY         | STUDIES            | {createdAt}#{id}                    |
 * | invite     | INVITE#{tokenHash} | INVITE        | STUDY#{studyId}    | INVITE#{createdAt}#{id}             |
 * | session    | SESSION#{id}       | SESSION       | STUDY#{studyId}    | SESSION#{startedAt}#{id}            |
 * | attempt    | SESSION#{id}       | ATTEMPT#{i}   |                    |                                     |
 * | chunk ref  | SESSION#{id}       | CHUNK#{seq}   |                    |                                     |
 * | step visit | SESSION#{id}       | VISIT#{t}#{n} |                    |                                     |
 * | signal     | SESSION#{id}       | SIGNAL#{t}#{id}|                   |                                     |
 * | annotation | ANNOTATION#{id}    | ANNOTATION    | STUDY#{studyId}    | ANNOTATION#{sessionId}#{createdAt}#{id} |
 * | clip       | CLIP#{id}          | CLIP          | STUDY#{studyId}    | CLIP#{sessionId}#{createdAt}#{id}   |
 * | reel       | REEL#{id}          | REEL          | STUDY#{studyId}    | REEL#{createdAt}#{id}               |
 * | share      | SHARE#{id}         | SHARE         | STUDY#{studyId}    | SHARE#{createdAt}#{id}              |
 * | share token| SHARETOKEN#{hash}  | SHARETOKEN    |                    |                                     |
 * | summary    | STUDY#{studyId}    | SUMMARY#{sessionId} |              |                                     |
 * | report     | STUDY#{studyId}    | REPORT        |                    |                                     |
 * | report part| STUDY#{studyId}    | REPORT#{hash}#{n} |                |                                     |
 * | job        | JOB#{id}           | JOB           |                    |                                     |
 *
 * GSI2 is sparse: only active sessions carry gsi2pk = OPEN_SESSIONS, gsi2sk =
 * {lastActivityAt}#{id}, so the sweeper finds abandoned sessions with one Query.
 * A share's token is never stored; its hash keys a small item naming the share, so an opened
 * link finds its share with two consistent reads, and revoking keeps the share listed.
 * `ttl` (epoch seconds) is the TTL attribute for a study's retention.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "ttl",
  gsi1: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  gsi2: { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
} as const;

export const OPEN_SESSIONS = "OPEN_SESSIONS";

export const pad = (n: number, width: number) => String(Math.max(0, Math.floor(n))).padStart(width, "0");

export const key = {
  study: (id: string) => ({ pk: `STUDY#${id}`, sk: "STUDY" }),
  invite: (tokenHash: string) => ({ pk: `INVITE#${tokenHash}`, sk: "INVITE" }),
  session: (id: string) => ({ pk: `SESSION#${id}`, sk: "SESSION" }),
  attempt: (sessionId: string, taskIndex: number) => ({
    pk: `SESSION#${sessionId}`,
    sk: `ATTEMPT#${pad(taskIndex, 3)}`,
  }),
  chunk: (sessionId: string, seq: number) => ({
    pk: `SESSION#${sessionId}`,
    sk: `CHUNK#${pad(seq, 8)}`,
  }),
  annotation: (id: string) => ({ pk: `ANNOTATION#${id}`, sk: "ANNOTATION" }),
  clip: (id: string) => ({ pk: `CLIP#${id}`, sk: "CLIP" }),
  reel: (id: string) => ({ pk: `REEL#${id}`, sk: "REEL" }),
  share: (id: string) => ({ pk: `SHARE#${id}`, sk: "SHARE" }),
  shareToken: (tokenHash: string) => ({ pk: `SHARETOKEN#${tokenHash}`, sk: "SHARETOKEN" }),
  /** The worker's per-session summary for the report, in the study's partition. */
  summary: (studyId: string, sessionId: string) => ({ pk: `STUDY#${studyId}`, sk: `SUMMARY#${sessionId}` }),
  job: (id: string) => ({ pk: `JOB#${id}`, sk: "JOB" }),
  /** The study's stored journey map: a head naming its content, and the content in parts. */
  report: (studyId: string) => ({ pk: `STUDY#${studyId}`, sk: "REPORT" }),
  reportPart: (studyId: string, hash: string, n: number) => ({
    pk: `STUDY#${studyId}`,
    sk: `REPORT#${hash}#${pad(n, 3)}`,
  }),
  byStudy: (studyId: string) => `STUDY#${studyId}`,
};
