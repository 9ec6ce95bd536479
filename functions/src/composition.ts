import { type StorageConfig, storageDeps } from "./adapters/aws";
import { type InProcessQueueOptions, inProcessQueue } from "./adapters/in-process-queue";
import { RETENTION_CLASSES } from "./domain/retention";
import type { SignInSettings } from "./domain/sign-in";
import type {
  AssetSource,
  Authenticator,
  CoreDeps,
  Deps,
  Logger,
  Metrics,
  OriginGuard,
  Queue,
} from "./ports";
import { memoryIngestCache } from "./services/ingest-cache";
import { runJob } from "./services/worker";

/**
 * The one composition root. Every runtime (the API, worker and sweeper Lambdas, local mode,
 * tests) builds its dependencies here; none is optional where its absence would skip work.
 */
export interface CoreParts {
  storage: StorageConfig;
  queue: Queue;
  log: Logger;
  metrics: Metrics;
  now?: () => Date;
  /** The deployment's recording ceiling (days); locally the longest retention class. */
  maxRetentionDays?: number;
}

export function composeCore(p: CoreParts): CoreDeps {
  return {
    ...storageDeps(p.storage),
    queue: p.queue,
    ingestCache: memoryIngestCache(),
    log: p.log,
    metrics: p.metrics,
    now: p.now ?? (() => new Date()),
    maxRetentionDays: p.maxRetentionDays ?? Math.max(...RETENTION_CLASSES),
  };
}

/** What the HTTP app adds: reviewer auth, and where it is served from. */
export interface AppParts {
  auth: Authenticator;
  /** The origin-verify check in AWS; `openOrigin` where nothing stands in front (local mode). */
  origin: OriginGuard;
  publicUrl?: string;
  assets?: AssetSource;
  signIn?: SignInSettings;
  /** Local mode: where the generated admin token is kept, for the sign-in hint. */
  localAdminToken?: { file: string | null };
}

export function composeApp(core: CoreDeps, p: AppParts): Deps {
  return {
    ...core,
    auth: p.auth,
    origin: p.origin,
    ...(p.publicUrl ? { publicUrl: p.publicUrl } : {}),
    ...(p.assets ? { assets: p.assets } : {}),
    ...(p.signIn ? { signIn: p.signIn } : {}),
    ...(p.localAdminToken ? { localAdminToken: p.localAdminToken } : {}),
  };
}

/** Local mode and tests: the worker runs in this process, behind the in-process queue. */
export function composeInProcess(parts: Omit<CoreParts, "queue">, queueOpts: InProcessQueueOptions = {}) {
  const queue = inProcessQueue(parts.log, queueOpts);
  const core = composeCore({ ...parts, queue });
  queue.consume((job) => runJob(core, job));
  return { core, queue };
}
