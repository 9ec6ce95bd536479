import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { nextRetryDelay } from "@frictionmap/protocol";
import { type Job, jobLabel, parseJob } from "../domain/jobs";
import type { Logger, Queue } from "../ports";

export interface InProcessQueueOptions {
  /** Tries of a job before it is given up (the dead-letter queue of SQS). */
  maxAttempts?: number;
  /** Caps every delay (debounce and retry backoff): tests use a small one. */
  maxDelayMs?: number;
  /** Jobs run at once (default 1): the worker shares this process with the API, as a
   * worker Lambda would not, so it takes one job at a time and never starves requests. */
  concurrency?: number;
  /**
   * A file that keeps every job until it is done (local mode: in the data dir), so that a
   * restart runs what was queued, delayed or running when the process stopped.
   */
  journal?: string;
}

export interface InProcessQueue extends Queue {
  /** Who runs the jobs: the worker, given once the deps it needs exist. With a journal,
   * the jobs it kept from before are scheduled again now, at their due times. */
  consume(run: (job: Job) => Promise<void>): void;
  /** Resolves when no job is waiting, delayed or running. */
  drained(): Promise<void>;
  /** Jobs that failed every try, as SQS would have moved them to its dead-letter queue. */
  readonly deadLetters: { job: Job; error: string }[];
  /** How many jobs the journal gave back when the consumer was attached. */
  readonly recovered: number;
  stop(): void;
}

type Queued = { id: string; job: Job; attempt: number };
type Entry = { op: "send"; id: string; job: Job; due: number } | { op: "done"; id: string };

/** The jobs a journal holds that are not done yet (a torn last line is skipped). */
function pendingOf(file: string): { id: string; job: Job; due: number }[] {
  if (!existsSync(file)) return [];
  const sent = new Map<string, { id: string; job: Job; due: number }>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as Entry;
      if (e.op === "send") sent.set(e.id, { id: e.id, job: parseJob(e.job), due: Number(e.due) || 0 });
      else if (e.op === "done") sent.delete(e.id);
    } catch {
      /* a line cut short by a crash, or not a job: nothing to run */
    }
  }
  return [...sent.values()];
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
  const ready: Queued[] = [];
  let running = 0;
  const deadLetters: { job: Job; error: string }[] = [];
  const record = (e: Entry) => {
    if (opts.journal) appendFileSync(opts.journal, `${JSON.stringify(e)}\n`);
  };
  let run: ((job: Job) => Promise<void>) | undefined;
  let pending = 0;
  let waiters: (() => void)[] = [];
  let stopped = false;
  let seq = 0;
  let recovered = 0;

  const settle = () => {
    pending--;
    if (pending === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  const pump = () => {
    while (running < concurrency && ready.length > 0) {
      const next = ready.shift() as Queued;
      running++;
      void runOne(next).finally(() => {
        running--;
        pump();
      });
    }
  };
  const runOne = async ({ id, job, attempt }: Queued) => {
    if (stopped || !run) return settle();
    try {
      await run(job);
      if (!stopped) record({ op: "done", id });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (stopped) {
        // Stopped meanwhile: the journal keeps the job for the next start.
      } else if (attempt + 1 < maxAttempts) {
        log({ level: "warn", msg: "job failed, retrying", ...jobLabel(job), attempt: attempt + 1, error });
        pending++;
        schedule(
          { id, job, attempt: attempt + 1 },
          cap(nextRetryDelay(attempt, { baseMs: 1000, maxMs: 60_000 })),
        );
      } else {
        deadLetters.push({ job, error });
        record({ op: "done", id });
        log({ level: "error", msg: "job failed for good", ...jobLabel(job), attempts: maxAttempts, error });
      }
    }
    settle();
  };
  const schedule = (queued: Queued, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      ready.push(queued);
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
      const delayMs = cap(sendOpts?.delayMs ?? 0);
      const id = `${Date.now().toString(36)}-${(seq++).toString(36)}`;
      record({ op: "send", id, job, due: Date.now() + delayMs });
      pending++;
      schedule({ id, job, attempt: 0 }, delayMs);
    },
    consume(fn) {
      run = fn;
      if (!opts.journal) return;
      const kept = pendingOf(opts.journal);
      // Compacted: the journal holds just what is still to do.
      writeFileSync(opts.journal, kept.map((k) => `${JSON.stringify({ op: "send", ...k })}\n`).join(""));
      recovered = kept.length;
      if (kept.length) log({ level: "info", msg: "queued jobs recovered", count: kept.length });
      for (const k of kept) {
        pending++;
        schedule({ id: k.id, job: k.job, attempt: 0 }, cap(Math.max(0, k.due - Date.now())));
      }
    },
    drained() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    deadLetters,
    get recovered() {
      return recovered;
    },
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
