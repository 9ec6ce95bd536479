import { nextRetryDelay } from "@frictionmap/protocol";
import { type Job, jobLabel } from "../domain/jobs";
import type { Logger, Queue } from "../ports";

export interface InProcessQueueOptions {
  /** Tries of a job before it is given up (the dead-letter queue of SQS). */
  maxAttempts?: number;
  /** Caps every delay (debounce and retry backoff): tests use a small one. */
  maxDelayMs?: number;
  /** Jobs run at once (default 1): the worker shares this process with the API, as a
   * worker Lambda would not, so it takes one job at a time and never starves requests. */
  concurrency?: number;
}

export interface InProcessQueue extends Queue {
  /** Who runs the jobs: the worker, given once the deps it needs exist. */
  consume(run: (job: Job) => Promise<void>): void;
  /** Resolves when no job is waiting, delayed or running. */
  drained(): Promise<void>;
  /** Jobs that failed every try, as SQS would have moved them to its dead-letter queue. */
  readonly deadLetters: { job: Job; error: string }[];
  stop(): void;
}

/**
 * The queue of local mode and tests: jobs run in this process, after their delay, one
 * failure retried with backoff up to `maxAttempts`, then kept as dead letters and logged.
 * A job sent before a consumer is attached is refused (nothing is skipped quietly).
 */
export function inProcessQueue(log: Logger, opts: InProcessQueueOptions = {}): InProcessQueue {
  const maxAttempts = opts.maxAttempts ?? 5;
  const cap = (ms: number) => Math.min(ms, opts.maxDelayMs ?? Number.POSITIVE_INFINITY);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const ready: { job: Job; attempt: number }[] = [];
  let running = 0;
  const deadLetters: { job: Job; error: string }[] = [];
  let run: ((job: Job) => Promise<void>) | undefined;
  let pending = 0;
  let waiters: (() => void)[] = [];
  let stopped = false;

  const settle = () => {
    pending--;
    if (pending === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  const pump = () => {
    while (running < concurrency && ready.length > 0) {
      const next = ready.shift() as { job: Job; attempt: number };
      running++;
      void runOne(next.job, next.attempt).finally(() => {
        running--;
        pump();
      });
    }
  };
  const runOne = async (job: Job, attempt: number) => {
    if (stopped || !run) return settle();
    try {
      await run(job);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (attempt + 1 < maxAttempts) {
        log({ level: "warn", msg: "job failed, retrying", ...jobLabel(job), attempt: attempt + 1, error });
        pending++;
        schedule(job, cap(nextRetryDelay(attempt, { baseMs: 1000, maxMs: 60_000 })), attempt + 1);
      } else {
        deadLetters.push({ job, error });
        log({ level: "error", msg: "job failed for good", ...jobLabel(job), attempts: maxAttempts, error });
      }
    }
    settle();
  };
  const schedule = (job: Job, delayMs: number, attempt: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      ready.push({ job, attempt });
      pump();
    }, delayMs);
    timer.unref?.();
    timers.add(timer);
  };

  return {
    minDelayMs: (delayMs) => cap(delayMs),
    async send(job, sendOpts) {
      if (!run) throw new Error("the in-process queue has no consumer: call consume() first");
      if (stopped) throw new Error("the in-process queue is stopped");
      pending++;
      schedule(job, cap(sendOpts?.delayMs ?? 0), 0);
    },
    consume(fn) {
      run = fn;
    },
    drained() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    deadLetters,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      ready.length = 0;
      pending = 0;
      for (const w of waiters) w();
      waiters = [];
    },
  };
}
