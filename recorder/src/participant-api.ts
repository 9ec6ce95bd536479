import {
  type AttemptEvent,
  type CompleteBody,
  type FeedbackBody,
  nextRetryDelay,
  type ParticipantConfig,
  sleep,
} from "@frictionmap/protocol";
import { classify, DeliveryQueue, type Endpoint, type PendingStore } from "./transport";

interface OutboxItem {
  method: "PUT" | "POST";
  path: string;
  body: unknown;
}

/**
 * The task panel's calls. Reading the study is retried with backoff; what the panel
 * writes (attempts, answers, reports, completion) goes through a persistent outbox, so it
 * reaches the API even when the participant moves to another page meanwhile. Every write
 * is safe to repeat.
 */
export function participantApi(
  endpoint: Endpoint,
  outboxStore: PendingStore<OutboxItem>,
  onGone: () => void,
) {
  const base = `${endpoint.api}/api/ingest/sessions/${endpoint.sessionId}`;
  const headers = (json: boolean) => ({
    authorization: `Bearer ${endpoint.token}`,
    ...(json ? { "content-type": "application/json" } : {}),
  });
  const outbox = new DeliveryQueue<OutboxItem>(
    outboxStore,
    async (item) => {
      try {
        const res = await fetch(`${base}${item.path}`, {
          method: item.method,
          credentials: "omit",
          headers: headers(true),
          body: JSON.stringify(item.body),
        });
        return classify(res.status);
      } catch {
        return "retry";
      }
    },
    onGone,
    "study answer",
  );
  void outbox.pump(); // what a previous page left unsent

  async function config(tries = 10): Promise<ParticipantConfig> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(base, { credentials: "omit", headers: headers(false) });
        if (res.ok) return (await res.json()) as ParticipantConfig;
        if (classify(res.status) !== "retry") {
          throw Object.assign(new Error(`frictionmap API ${res.status}`), { status: res.status });
        }
      } catch (err) {
        if ((err as { status?: number }).status) throw err;
      }
      if (attempt + 1 >= tries) throw new Error("frictionmap API unreachable");
      await sleep(nextRetryDelay(attempt, { baseMs: 400, maxMs: 8000 }));
    }
  }
  const send = (method: OutboxItem["method"], path: string, body: unknown) =>
    outbox.enqueue({ method, path, body });

  return {
    config,
    outbox,
    attempt: (taskIndex: number, event: AttemptEvent) => send("PUT", `/attempts/${taskIndex}`, event),
    report: (text: string, taskId?: string) =>
      send("POST", "/feedback", {
        id: `fb_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
        kind: "report",
        text,
        clientTs: Date.now(),
        ...(taskId ? { taskId } : {}),
      } satisfies FeedbackBody),
    complete: (sus?: number[]) => send("POST", "/complete", (sus ? { sus } : {}) satisfies CompleteBody),
  };
}

export type ParticipantApi = ReturnType<typeof participantApi>;
export type { OutboxItem, ParticipantConfig };
