import type { AppType } from "@frictionmap/functions/api-types";
import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type {
  Annotation,
  AnnotationDraft,
  Clip,
  ClipDraft,
  CreatedInvite,
  EventsPage,
  InviteView,
  JobView,
  Page,
  Reel,
  SessionDetail,
  SessionView,
  ShareView,
  StoredReport,
  Study,
  StudyInput,
  StudyListItem,
} from "./types";
export interface FieldIssue {
  path: string;
  message: string;
}

/** Any failed call: the API's `{error:{code,message,details}}`, or a network/format problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Messages for one form field: issues at that path or below it. */
  forField(path: string): string[] {
    return this.details
      .filter((d) => d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`))
      .map((d) => d.message);
  }
}

export interface ClientOptions {
  baseUrl?: string;
  getToken(): string | null;
  /** Called on any 401: the token is missing, wrong or expired. */
  onUnauthorized(message: string): void;
  fetch?: typeof fetch;
}

function isIssue(v: unknown): v is FieldIssue {
  return typeof v === "object" && v !== null && typeof (v as FieldIssue).path === "string";
}

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (err && typeof err.message === "string") {
    const details = Array.isArray(err.details) ? err.details.filter(isIssue) : [];
    return new ApiError(
      res.status,
      typeof err.code === "string" ? err.code : `http_${res.status}`,
      err.message,
      details,
    );
  }
  const fallback =
    res.status >= 500
      ? "The server had a problem; try again in a moment."
      : `Request failed (${res.status}).`;
  return new ApiError(res.status, `http_${res.status}`, fallback);
}

/** The body of a call's successful answers, as its route declares it. */
type Success<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends 204
      ? undefined
      : S extends SuccessStatusCode
        ? T
        : never
    : never;

/** The one module that talks to the API: typed by the routes (hc<AppType>), auth header, errors, 401s. */
export function createApiClient(opts: ClientOptions) {
  const base = (opts.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  /** A client whose calls resolve only on 2xx; anything else is an ApiError. */
  const rpc = (token: () => string | null, reportUnauthorized: boolean) =>
    hc<AppType>(base, {
      headers: (): Record<string, string> => {
        const bearer = token();
        return bearer ? { authorization: `Bearer ${bearer}` } : {};
      },
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        let res: Response;
        try {
          res = await doFetch(input, init);
        } catch {
          throw new ApiError(0, "network", "Cannot reach the Frictionmap server. Check your connection.");
        }
        if (res.ok) return res;
        const error = await errorFrom(res);
        if (res.status === 401 && reportUnauthorized) opts.onUnauthorized(error.message);
        throw error;
      },
    }).api;
  const api = rpc(() => opts.getToken(), true);

  async function json<R extends ClientResponse<unknown>>(call: Promise<R>): Promise<Success<R>> {
    const res = await call;
    if (res.status === 204) return undefined as Success<R>;
    try {
      return (await res.json()) as Success<R>;
    } catch {
      throw new ApiError(res.status, "bad_response", "The server sent something that is not JSON.");
    }
  }

  /** A read the server answers 202 while the worker builds it (the journey map): asked again each second. */
  async function untilBuilt<R extends { status: number }>(call: () => Promise<R>, tries = 60): Promise<R> {
    for (let n = 1; ; n++) {
      const res = await call();
      if (res.status !== 202) return res;
      if (n >= tries) throw new ApiError(503, "report_not_built", "The journey map is still being built.");
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Every page of a listing, following nextCursor (capped: a study's lists stay in the thousands). */
  async function all<T>(
    list: (query: { limit: string; cursor?: string }) => Promise<Page<T>>,
    maxItems = 5000,
  ) {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await list(cursor ? { limit: "200", cursor } : { limit: "200" });
      items.push(...page.items);
      cursor = items.length < maxItems ? page.nextCursor : null;
    } while (cursor);
    return { items, nextCursor: null } as Page<T>;
  }

  /** Ids go into paths escaped: an id can never reach another route. */
  const id = (value: string) => ({ id: encodeURIComponent(value) });
  const studies = api.studies[":id"];
  const sessions = api.sessions[":id"];

  return {
    /** Checks a token without touching the signed-in state (a 401 here just means "wrong"). */
    async verifyToken(token: string): Promise<void> {
      await rpc(() => token, false).studies.$get({ query: { limit: "1" } });
    },
    /** Public: the hosted sign-in's settings, or cognito null where only the admin token works. */
    authConfig: () => json(api.auth.config.$get()),
    listStudies: (): Promise<Page<StudyListItem>> => json(api.studies.$get({ query: { limit: "200" } })),
    getStudy: (studyId: string): Promise<Study> => json(studies.$get({ param: id(studyId) })),
    createStudy: (input: StudyInput): Promise<Study> => json(api.studies.$post({ json: input })),
    updateStudy: (studyId: string, patch: Partial<StudyInput>): Promise<Study> =>
      json(studies.$patch({ param: id(studyId), json: patch })),
    /** Erasing a study is a job (202): it is gone once the job succeeded (waitForJob). */
    deleteStudy: (studyId: string): Promise<JobView> => json(studies.$delete({ param: id(studyId) })),
    createInvites: (
      studyId: string,
      body: { count: number; label?: string } | { open: true; cap: number; label?: string },
    ): Promise<{ invites: CreatedInvite[]; note: string }> =>
      json(studies.invites.$post({ param: id(studyId), json: body })),
    listInvites: (studyId: string): Promise<Page<InviteView>> =>
      all((query) => json(studies.invites.$get({ param: id(studyId), query }))),
    /** Withdraws a link: it starts no session from now on. */
    revokeInvite: (studyId: string, inviteId: string): Promise<InviteView> =>
      json(
        studies.invites[":inviteId"].$delete({
          param: { ...id(studyId), inviteId: encodeURIComponent(inviteId) },
        }),
      ),
    /** Sets when a link expires, in days from now (0: now). */
    expireInvite: (studyId: string, inviteId: string, expiresInDays: number): Promise<InviteView> =>
      json(
        studies.invites[":inviteId"].$patch({
          param: { ...id(studyId), inviteId: encodeURIComponent(inviteId) },
          json: { expiresInDays },
        }),
      ),
    listSessions: (studyId: string): Promise<Page<SessionView>> =>
      all((query) => json(studies.sessions.$get({ param: id(studyId), query }))),
    getSession: (sessionId: string): Promise<SessionDetail> => json(sessions.$get({ param: id(sessionId) })),
    /** Chunks from `from` on, about `maxBytes` of JSON (at least one chunk). */
    eventsPage: (sessionId: string, from: number, maxBytes?: number): Promise<EventsPage> =>
      json(
        sessions.events.$get({
          param: id(sessionId),
          query: { from: String(from), ...(maxBytes ? { maxBytes: String(maxBytes) } : {}) },
        }),
      ) as Promise<EventsPage>,
    deleteSession: (sessionId: string): Promise<void> => json(sessions.$delete({ param: id(sessionId) })),
    createAnnotation: (sessionId: string, draft: AnnotationDraft): Promise<Annotation> =>
      json(sessions.annotations.$post({ param: id(sessionId), json: draft })),
    updateAnnotation: (annotationId: string, patch: Partial<AnnotationDraft>): Promise<Annotation> =>
      json(api.annotations[":id"].$patch({ param: id(annotationId), json: patch })),
    deleteAnnotation: (annotationId: string): Promise<void> =>
      json(api.annotations[":id"].$delete({ param: id(annotationId) })),
    /**
     * The stored journey map (the JSON variant of the report route; its files are reportFile).
     * Before its first build the server answers 202: ask again until it is there (about a second).
     */
    async report(studyId: string): Promise<StoredReport> {
      const res = await untilBuilt(() => studies.report.$get({ param: id(studyId), query: {} }));
      return (await json(Promise.resolve(res))) as StoredReport;
    },
    /** The paths participants took per task, with the sessions behind every link. */
    paths: (studyId: string) => json(studies.paths.$get({ param: id(studyId), query: {} })),
    /** One journey step's clicks by viewport group, and the recording to draw them on. */
    clickMap: (studyId: string, task: string, step: string) =>
      json(studies["click-map"].$get({ param: id(studyId), query: { task, step } })),
    /** Starts a reanalysis job (202); poll it with waitForJob. */
    reanalyze: (studyId: string): Promise<JobView> => json(studies.reanalyze.$post({ param: id(studyId) })),
    job: (jobId: string): Promise<JobView> => json(api.jobs[":id"].$get({ param: id(jobId) })),
    /** Polls a job until it succeeded or failed (every 0.5 s, then slower; gives up after 10 min). */
    async waitForJob(jobId: string): Promise<JobView> {
      const deadline = Date.now() + 600_000;
      for (let wait = 500; ; wait = Math.min(5000, wait * 1.5)) {
        const job: JobView = await json(api.jobs[":id"].$get({ param: id(jobId) }));
        if (job.status === "succeeded" || job.status === "failed") return job;
        if (Date.now() > deadline) {
          throw new ApiError(504, "job_timeout", "The job is still running; look again later.");
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    },
    /** Makes a clip; `key` names this one action, so a retry of it makes no second clip. */
    createClip: (sessionId: string, draft: ClipDraft, key: string = crypto.randomUUID()): Promise<Clip> =>
      json(sessions.clips.$post({ param: id(sessionId), json: draft, header: { "idempotency-key": key } })),
    listClips: (studyId: string): Promise<{ items: Clip[] }> =>
      json(studies.clips.$get({ param: id(studyId) })),
    updateClip: (clipId: string, patch: Partial<ClipDraft>): Promise<Clip> =>
      json(api.clips[":id"].$patch({ param: id(clipId), json: patch })),
    deleteClip: (clipId: string): Promise<void> => json(api.clips[":id"].$delete({ param: id(clipId) })),
    shareClip: (clipId: string, body: { expiresInDays?: number }) =>
      json(api.clips[":id"].share.$post({ param: id(clipId), json: body })),
    listReels: (studyId: string): Promise<{ items: Reel[] }> =>
      json(studies.reels.$get({ param: id(studyId) })),
    createReel: (
      studyId: string,
      body: { title: string; clipIds: string[] },
    ): Promise<Reel & { clips: Clip[] }> => json(studies.reels.$post({ param: id(studyId), json: body })),
    /** A reel of one problem (a step's friction, or one ranked kind), clips made on the way. */
    reelFromFriction: (
      studyId: string,
      body: { taskId: string; stepId?: string; source?: "signal" | "annotation"; kind?: string },
    ): Promise<Reel & { clips: Clip[] }> =>
      json(studies.reels["from-friction"].$post({ param: id(studyId), json: body })),
    deleteReel: (reelId: string): Promise<void> => json(api.reels[":id"].$delete({ param: id(reelId) })),
    shareReel: (reelId: string, body: { expiresInDays?: number }) =>
      json(api.reels[":id"].share.$post({ param: id(reelId), json: body })),
    listShares: (studyId: string): Promise<{ items: ShareView[] }> =>
      json(studies.shares.$get({ param: id(studyId) })),
    revokeShare: (shareId: string): Promise<void> => json(api.shares[":id"].$delete({ param: id(shareId) })),
    /** The notes export (annotations, clips, quotes) as a file body. */
    async notesFile(studyId: string, format: "csv" | "md"): Promise<Blob> {
      const res = await studies.notes.$get({ param: id(studyId), query: { format } });
      return res.blob();
    },
    /** An export as a file body (with the token, so it cannot be a plain link). */
    async reportFile(studyId: string, format: "csv" | "md"): Promise<Blob> {
      const res = await untilBuilt(() => studies.report.$get({ param: id(studyId), query: { format } }));
      return res.blob();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
