import type {
  Annotation,
  AnnotationDraft,
  CreatedInvite,
  EventsPage,
  InviteView,
  JobView,
  Page,
  SessionDetail,
  SessionView,
  Study,
  StudyInput,
  StudyReport,
  StudySummary,
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

/** The one module that talks to the API: auth header, error mapping, 401 handling. */
export function createApiClient(opts: ClientOptions) {
  const base = (opts.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function send(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    const bearer = token ?? opts.getToken();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await doFetch(`${base}/api${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, "network", "Cannot reach the Frictionmap server. Check your connection.");
    }
    if (res.ok) return res;
    const error = await errorFrom(res);
    if (res.status === 401 && token === undefined) opts.onUnauthorized(error.message);
    throw error;
  }

  /** Every page of a listing, following nextCursor (capped: a study's lists stay in the thousands). */
  async function all<T>(path: string, maxItems = 5000): Promise<Page<T>> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page: Page<T> = await json<Page<T>>("GET", `${path}?limit=200${query}`);
      items.push(...page.items);
      cursor = items.length < maxItems ? page.nextCursor : null;
    } while (cursor);
    return { items, nextCursor: null };
  }

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await send(method, path, body);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, "bad_response", "The server sent something that is not JSON.");
    }
  }

  const enc = encodeURIComponent;
  return {
    /** Checks a token without touching the signed-in state (a 401 here just means "wrong"). */
    async verifyToken(token: string): Promise<void> {
      await send("GET", "/studies?limit=1", undefined, token);
    },
    /** Public: the hosted sign-in's settings, or cognito null where only the admin token works. */
    authConfig: () =>
      json<{ cognito: { authBase: string; clientId: string; redirectUri: string } | null }>(
        "GET",
        "/auth/config",
      ),
    listStudies: () => json<Page<StudySummary>>("GET", "/studies?limit=200"),
    getStudy: (id: string) => json<Study>("GET", `/studies/${enc(id)}`),
    createStudy: (input: StudyInput) => json<Study>("POST", "/studies", input),
    updateStudy: (id: string, patch: Partial<StudyInput>) =>
      json<Study>("PATCH", `/studies/${enc(id)}`, patch),
    /** Erasing a study is a job (202): it is gone once the job succeeded. */
    deleteStudy: (id: string) => json<JobView>("DELETE", `/studies/${enc(id)}`),
    createInvites: (
      studyId: string,
      body: { count: number; label?: string } | { open: true; cap: number; label?: string },
    ) => json<{ invites: CreatedInvite[]; note: string }>("POST", `/studies/${enc(studyId)}/invites`, body),
    listInvites: (studyId: string) => all<InviteView>(`/studies/${enc(studyId)}/invites`),
    listSessions: (studyId: string) => all<SessionView>(`/studies/${enc(studyId)}/sessions`),
    getSession: (id: string) => json<SessionDetail>("GET", `/sessions/${enc(id)}`),
    /** Chunks from `from` on, about `maxBytes` of JSON (at least one chunk). */
    eventsPage: (id: string, from: number, maxBytes?: number) =>
      json<EventsPage>(
        "GET",
        `/sessions/${enc(id)}/events?from=${from}${maxBytes ? `&maxBytes=${maxBytes}` : ""}`,
      ),
    deleteSession: (id: string) => json<void>("DELETE", `/sessions/${enc(id)}`),
    createAnnotation: (sessionId: string, draft: AnnotationDraft) =>
      json<Annotation>("POST", `/sessions/${enc(sessionId)}/annotations`, draft),
    updateAnnotation: (id: string, patch: Partial<AnnotationDraft>) =>
      json<Annotation>("PATCH", `/annotations/${enc(id)}`, patch),
    deleteAnnotation: (id: string) => json<void>("DELETE", `/annotations/${enc(id)}`),
    report: (studyId: string) => json<StudyReport>("GET", `/studies/${enc(studyId)}/report`),
    /** Starts a reanalysis job (202); poll it with waitForJob. */
    reanalyze: (studyId: string) => json<JobView>("POST", `/studies/${enc(studyId)}/reanalyze`),
    job: (id: string) => json<JobView>("GET", `/jobs/${enc(id)}`),
    /** Polls a job until it succeeded or failed (every 0.5 s, then slower; gives up after 10 min). */
    async waitForJob(id: string): Promise<JobView> {
      const deadline = Date.now() + 600_000;
      for (let wait = 500; ; wait = Math.min(5000, wait * 1.5)) {
        const job = await json<JobView>("GET", `/jobs/${enc(id)}`);
        if (job.status === "succeeded" || job.status === "failed") return job;
        if (Date.now() > deadline)
          throw new ApiError(504, "job_timeout", "The job is still running; look again later.");
        await new Promise((r) => setTimeout(r, wait));
      }
    },
    /** An export as a file body (with the token, so it cannot be a plain link). */
    async reportFile(studyId: string, format: "csv" | "md"): Promise<Blob> {
      const res = await send("GET", `/studies/${enc(studyId)}/report?format=${format}`);
      return res.blob();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
