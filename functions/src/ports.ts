import type { MapClick } from "./domain/analysis/click-map";
import type { ReportSession, StudyReport } from "./domain/analysis/report";
import type { AggregateState } from "./domain/analysis/report-aggregate";
import type { Annotation } from "./domain/annotation";
import type { Clip } from "./domain/clip";
import type { SegmentRef } from "./domain/compaction";
import type { Invite } from "./domain/invite";
import type { Job, JobRecord, SessionJobOutcome } from "./domain/jobs";
import type { AttemptChange } from "./domain/participant";
import type { Reel } from "./domain/reel";
import type { Attempt, ChunkRef, Feedback, Session, Signal, StepVisit } from "./domain/session";
import type { Share } from "./domain/share";
import type { SignInSettings } from "./domain/sign-in";
import type { Study, StudySummary } from "./domain/study";

/** A page of a listing; `cursor` is opaque to callers. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Thrown by stores when a write's precondition fails (version changed, cap reached…). */
export class PreconditionFailed extends Error {
  constructor(message = "precondition failed") {
    super(message);
    this.name = "PreconditionFailed";
  }
}

/** Thrown by stores when a cursor was not one they handed out. */
export class BadCursor extends Error {
  constructor() {
    super("bad cursor");
    this.name = "BadCursor";
  }
}

export interface StudyStore {
  create(study: Study): Promise<void>;
  get(id: string): Promise<Study | undefined>;
  list(page: PageRequest): Promise<Page<StudySummary>>;
  /** Replaces the study if its stored version is still `expectedVersion`. */
  replace(study: Study, expectedVersion: number): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface InviteStore {
  /** Writes new invites; safe to repeat. */
  createMany(invites: Invite[]): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<Invite | undefined>;
  listByStudy(studyId: string, page: PageRequest): Promise<Page<Invite>>;
  /** Counts one more session on the invite if it is below its cap, not expired, not withdrawn;
   * throws PreconditionFailed otherwise. Atomic. */
  claim(tokenHash: string, now: Date): Promise<Invite>;
  markCompleted(tokenHash: string): Promise<void>;
  /** Sets when an invite of the study was withdrawn or expires; undefined when there is no such invite. */
  update(
    studyId: string,
    inviteId: string,
    changes: Pick<Invite, "revokedAt" | "expiresAt">,
  ): Promise<Invite | undefined>;
  deleteByStudy(studyId: string): Promise<void>;
}

export interface SessionDetail {
  session: Session;
  attempts: Attempt[];
  stepVisits: StepVisit[];
  signals: Signal[];
  chunks: ChunkRef[];
  feedback: Feedback[];
}

/** Fields of an attempt to set; the task identifies it. */
export type AttemptFields = Pick<Attempt, "taskId" | "taskIndex"> & Partial<Attempt>;

/**
 * Changes to a session. `outcomes` and `seqAnswers` are merged task by task, each task's
 * entry written on its own, never replaced whole: writers of different tasks (two panel
 * requests, a panel request and an analysis) never lose each other's.
 */
export type SessionChanges = Partial<Omit<Session, "id">>;

/** The session record: one per session, with what lists show, and its erasure. */
export interface SessionRecords {
  create(session: Session): Promise<void>;
  get(id: string): Promise<Session | undefined>;
  /** The session and everything kept with it (attempts, chunks, analysis), in one read. */
  detail(id: string): Promise<SessionDetail | undefined>;
  listByStudy(studyId: string, page: PageRequest): Promise<Page<Session>>;
  /** Every session of a study, following all pages. */
  allByStudy(studyId: string): Promise<Session[]>;
  /** How many sessions a study has, counted by the store (no session is read). */
  countByStudy(studyId: string): Promise<number>;
  update(sessionId: string, changes: SessionChanges): Promise<void>;
  /** Atomically adds `delta` to the session's annotation count. */
  countAnnotations(sessionId: string, delta: number): Promise<void>;
  /**
   * Gives every item of the session's partition the session's `ttl` (DynamoDB deletes them
   * then); idempotent: items that carry a ttl already are left alone. Returns how many changed.
   */
  applyRetention(sessionId: string, expiresAt: string): Promise<number>;
  /** Removes the record and everything kept with it. */
  delete(id: string): Promise<void>;
}

/** What the task panel writes: task attempts and the participant's own words. */
export interface AttemptStore {
  get(sessionId: string, taskIndex: number): Promise<Attempt | undefined>;
  /** Applies one task-panel event atomically (no read first; see AttemptChange) and
   * returns the attempt as stored after it. */
  record(sessionId: string, change: AttemptChange): Promise<Attempt>;
  /** Sets the given fields of an attempt, one attribute each, keeping the others
   * (analysis leaves the panel's answers alone this way). */
  merge(sessionId: string, attempt: AttemptFields): Promise<void>;
  /** Stores a participant's feedback once (keyed by its id). */
  putFeedback(sessionId: string, feedback: Feedback): Promise<void>;
}

/** Where each stored chunk of a recording is. */
export interface RecordingIndex {
  /** Records a chunk once: false when that sequence number was already stored. The entry
   * expires with its session (`expiresAt`, the table's ttl) when given. */
  add(sessionId: string, chunk: ChunkRef, expiresAt?: string): Promise<boolean>;
  get(sessionId: string, seq: number): Promise<ChunkRef | undefined>;
  /** The chunks as readers see them, in sequence order: compacted ones point into their segment. */
  list(sessionId: string, fromSeq?: number): Promise<ChunkRef[]>;
  /** The raw chunk entries and the segments, as stored (for compaction). */
  stored(sessionId: string): Promise<{ raw: ChunkRef[]; segments: SegmentRef[] }>;
  /** Indexes a compacted segment once (false when one starting at its first seq exists). */
  addSegment(sessionId: string, segment: SegmentRef, expiresAt?: string): Promise<boolean>;
  /** Removes raw chunk entries (after their segment is indexed and their objects deleted). */
  removeRaw(sessionId: string, seqs: readonly number[]): Promise<void>;
}

/** What the report reads of one analysed session, kept by the worker in the study's partition. */
export type SessionSummary = Omit<ReportSession, "session"> & {
  sessionId: string;
  /** Clicks inside journey steps, for click maps (the analysis's, as of its last run). */
  clicks?: MapClick[];
};

/** What analysis derives from a recording, and the debounce of its requests. */
export interface AnalysisResults {
  /** Replaces the derived analysis (step visits, signals) of a session. */
  put(sessionId: string, visits: StepVisit[], signals: Signal[]): Promise<void>;
  /** Marks an analysis as wanted; false when one is already pending (made after `staleBefore`). */
  request(sessionId: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** The worker took the pending request: changes from now on ask again. */
  clearRequest(sessionId: string): Promise<void>;
  /** Stored with the session's `ttl` when it has one. */
  putSummary(studyId: string, summary: SessionSummary, expiresAt?: string): Promise<void>;
  /** Every summary of a study, in one paged query. */
  listSummaries(studyId: string): Promise<SessionSummary[]>;
  deleteSummary(studyId: string, sessionId: string): Promise<void>;
}

/** A study's journey map as the worker last built it, and the bookkeeping of its rebuilds. */
export interface ReportAggregates {
  /** Marks a rebuild as wanted; false when one is already pending (asked after `staleBefore`). */
  request(studyId: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** The worker takes the pending request (changes from now on ask again); returns the take's time. */
  take(studyId: string, now: Date): Promise<string>;
  /**
   * Stores the build of the take made at `takenAt`, unless a later take happened meanwhile
   * (its build stores instead). A report equal to the stored one keeps the stored builtAt.
   */
  put(
    studyId: string,
    build: { report: StudyReport; builtAt: string; retainUntil?: string },
    takenAt: string,
  ): Promise<"stored" | "unchanged" | "superseded">;
  /** The bookkeeping, and the report when one is built and live. */
  get(studyId: string): Promise<{ state: AggregateState; report?: StudyReport } | undefined>;
  delete(studyId: string): Promise<void>;
}

/** Where jobs go: SQS in AWS, an in-process queue locally; the same worker runs them. */
export interface Queue {
  send(job: Job, opts?: { delayMs?: number }): Promise<void>;
  /** At least how long a job sent with `delayMs` waits before it can run. */
  minDelayMs(delayMs: number): number;
}

/** Status of the jobs a reviewer can poll (reanalysis, study erasure). */
export interface JobStore {
  put(job: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  update(id: string, changes: Partial<Omit<JobRecord, "id">>): Promise<void>;
  /** A fanned-out job is sending its per-session jobs: `total` of them; a repeat keeps the tally. */
  startFanOut(id: string, total: number, now: Date): Promise<void>;
  /** One session of a fanned-out job is done: its outcome replaces an earlier try's. */
  recordSession(id: string, sessionId: string, outcome: SessionJobOutcome): Promise<void>;
}

export const METRIC_NAMES = ["chunksStored", "sessionsAnalyzed", "analysisFailures", "jobsFailed"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Counters: CloudWatch EMF in AWS, in memory locally. */
export interface Metrics {
  count(name: MetricName, value?: number): void;
}

/** The sweeper's index of open sessions. */
export interface SweeperIndex {
  /** Active sessions with no activity since `beforeIso`, oldest first. */
  listIdle(beforeIso: string, limit: number): Promise<Session[]>;
}

export interface AnnotationStore {
  put(annotation: Annotation): Promise<void>;
  get(id: string): Promise<Annotation | undefined>;
  listBySession(studyId: string, sessionId: string): Promise<Annotation[]>;
  listByStudy(studyId: string): Promise<Annotation[]>;
  delete(id: string): Promise<void>;
}

export interface ClipStore {
  put(clip: Clip): Promise<void>;
  get(id: string): Promise<Clip | undefined>;
  /** The clips found among `ids` (missing ones are left out). */
  getMany(ids: readonly string[]): Promise<Map<string, Clip>>;
  listBySession(studyId: string, sessionId: string): Promise<Clip[]>;
  /** Every clip of a study, oldest first. */
  listByStudy(studyId: string): Promise<Clip[]>;
  delete(id: string): Promise<void>;
}

export interface ReelStore {
  put(reel: Reel): Promise<void>;
  get(id: string): Promise<Reel | undefined>;
  /** Every reel of a study, oldest first. */
  listByStudy(studyId: string): Promise<Reel[]>;
  delete(id: string): Promise<void>;
}

export interface ShareStore {
  /** Writes a new share and the lookup from its token hash. */
  create(share: Share): Promise<void>;
  get(id: string): Promise<Share | undefined>;
  getByTokenHash(tokenHash: string): Promise<Share | undefined>;
  /** Replaces a share (revocation). */
  put(share: Share): Promise<void>;
  /** Every share of a study, oldest first. */
  listByStudy(studyId: string): Promise<Share[]>;
  /** Removes the share and its token lookup: the link then reads as unknown. */
  delete(share: Share): Promise<void>;
}

/** Recording chunks and exports: gzip-compressed JSON objects. */
export interface BlobStore {
  /**
   * Every object says how long it is kept (its session's retention class): the store tags
   * it so, and the bucket's lifecycle rule for that class expires it. There is no put
   * without one, so no writer (chunks, compacted recordings) can leave an object that only
   * the ceiling rule expires.
   */
  put(key: string, body: Uint8Array, contentType: string, retention: { days: number }): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** Deletes every object under the prefix; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
}

export interface Principal {
  id: string;
  name: string;
}

/** Reviewer authentication: a bearer token in, a principal out (or undefined). */
export interface Authenticator {
  verify(token: string): Promise<Principal | undefined>;
}

export type LogLine = Record<string, unknown> & { level: "info" | "warn" | "error"; msg: string };
export type Logger = (line: LogLine) => void;

/** What every runtime needs (API, worker, sweeper, local): storage, the queue, logs, metrics. */
export interface CoreDeps {
  studies: StudyStore;
  invites: InviteStore;
  sessions: SessionRecords;
  attempts: AttemptStore;
  recordings: RecordingIndex;
  analyses: AnalysisResults;
  aggregates: ReportAggregates;
  idleSessions: SweeperIndex;
  annotations: AnnotationStore;
  clips: ClipStore;
  reels: ReelStore;
  shares: ShareStore;
  blobs: BlobStore;
  jobs: JobStore;
  queue: Queue;
  /** What this process remembers of recording sessions, to keep ingest off storage (memory). */
  ingestCache: IngestCache;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  /** The longest the deployment keeps recordings (its S3 lifecycle ceiling), in days. */
  maxRetentionDays: number;
}

/** What the chunk route admits a participant on: facts fixed for the session's life, and the
 * study's origins (a reviewer may edit them, so they are fetched again once they are older
 * than the cache's freshness). */
export interface ParticipantFacts {
  session: Pick<Session, "id" | "studyId" | "tokenHash" | "consent" | "retentionDays" | "expiresAt">;
  origins: readonly string[];
}

/** A per-process memory of recording sessions (see services/ingest-cache.ts for what is safe). */
export interface IngestCache {
  /** The facts of a session, if read within the freshness window. */
  facts(sessionId: string, now: number): ParticipantFacts | undefined;
  rememberFacts(facts: ParticipantFacts, now: number): void;
  /** Whether this process saw the chunk indexed (stored, or found stored). */
  hasChunk(sessionId: string, seq: number): boolean;
  chunkIndexed(sessionId: string, seq: number): void;
  /** Until when a queued analysis of the session cannot have started (epoch ms), if known. */
  analysisPendingUntil(sessionId: string): number | undefined;
  analysisQueued(sessionId: string, notBefore: number): void;
  /** Drops everything known of a session (its erasure). */
  forget(sessionId: string): void;
}

/** Whether a request came through the CDN: the origin-verify header CloudFront adds. */
export interface OriginGuard {
  /** "secret" in AWS (the header must carry the secret), "open" locally (no CDN in front). */
  kind: "secret" | "open";
  allows(headerValue: string | undefined): Promise<boolean>;
}

/** What the HTTP app needs on top: who may call it, through what, and where it is. */
export interface Deps extends CoreDeps {
  auth: Authenticator;
  origin: OriginGuard;
  /** Where invite links point, e.g. https://research.example.com; else the request's origin. */
  publicUrl?: string;
  /** Static files (recorder.js, the reviewer) when this process serves them (local mode);
   * in AWS, CloudFront serves them from S3. */
  assets?: AssetSource;
  /** The hosted sign-in for people (Cognito in AWS); the admin token alone when absent. */
  signIn?: SignInSettings;
  /** Local mode: where the generated admin token is kept (null: it was given as
   * FRICTIONMAP_ADMIN_TOKEN); the sign-in page names it. */
  localAdminToken?: { file: string | null };
}

export interface Asset {
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
}

export interface AssetSource {
  get(path: string): Promise<Asset | undefined>;
}
