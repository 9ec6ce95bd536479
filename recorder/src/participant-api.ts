import { nextRetryDelay, sleep } from "../../functions/src/domain/backoff";
import type { Endpoint } from "./transport";

export interface ParticipantTask {
  id: string;
  title: string;
  instructions: string;
  startUrl: string;
  timeLimitSec?: number;
  question: "seq" | "none";
  success?:
    | { type: "url"; pattern: string }
    | { type: "click"; selector: string }
    | { type: "event"; name: string };
}

export interface ParticipantConfig {
  session: { id: string; status: string };
  study: { id: string; name: string; sus: boolean; textAllowlist: string[]; tasks: ParticipantTask[] };
}

export type AttemptEvent =
  | { event: "start" }
  | { event: "end"; outcome: "success" | "gave_up" | "timed_out"; claimedDone?: boolean }
  | { event: "answer"; seq?: number; comment?: string };

/** The task panel's calls; each is retried with backoff, and all are safe to repeat. */
export function participantApi(endpoint: Endpoint) {
  const base = `${endpoint.api}/api/ingest/sessions/${endpoint.sessionId}`;
  const call = async (method: string, path: string, body?: unknown, tries = 10): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          credentials: "omit",
          headers: {
            authorization: `Bearer ${endpoint.token}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (res.ok) return await res.json();
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          throw Object.assign(new Error(`frictionmap API ${res.status}`), { status: res.status });
        }
      } catch (err) {
        if ((err as { status?: number }).status) throw err;
      }
      if (attempt + 1 >= tries) throw new Error("frictionmap API unreachable");
      await sleep(nextRetryDelay(attempt, { baseMs: 400, maxMs: 8000 }));
    }
  };
  return {
    config: () => call("GET", "") as Promise<ParticipantConfig>,
    attempt: (taskIndex: number, event: AttemptEvent) => call("PUT", `/attempts/${taskIndex}`, event),
    report: (text: string, taskId?: string) =>
      call("POST", "/feedback", {
        id: `fb_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`,
        kind: "report",
        text,
        clientTs: Date.now(),
        ...(taskId ? { taskId } : {}),
      }),
    complete: (sus?: number[]) => call("POST", "/complete", sus ? { sus } : {}),
  };
}

export type ParticipantApi = ReturnType<typeof participantApi>;
