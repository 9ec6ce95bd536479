import { createRoute, z } from "@hono/zod-openapi";
import { placeFeedback } from "../domain/analysis/place";
import { storedBytes } from "../domain/compaction";
import { notFound } from "../domain/errors";
import {
  type EventsPage,
  type RecordedEvent,
  type SessionDetail,
  type SessionView,
  viewSession,
} from "../domain/session";
import type { AppEnv } from "../http/env";
import {
  idParams,
  json,
  NO_CONTENT,
  numberQuery,
  pageOf,
  pageQuery,
  problems,
  shaped,
  toPage,
} from "../http/openapi";
import { apiRouter } from "../http/router";
import { eraseSession } from "../services/erase";
import { requestAggregate } from "../services/jobs";
import { chunkPage, eventStream } from "../services/recording-reads";
import { loadStudy } from "./studies";

const PAGE_BUDGET_BYTES = 4 * 1024 * 1024;

export async function loadSession(c: { var: AppEnv["Variables"] }, id: string) {
  const session = await c.var.deps.sessions.get(id);
  if (!session) throw notFound("session", id);
  return session;
}

const SessionViewSchema = shaped<SessionView>("A session as reviewers see it");

const listOfStudy = createRoute({
  method: "get",
  path: "/",
  summary: "List sessions of a study, newest first",
  request: { params: idParams("study"), query: pageQuery },
  responses: { 200: json(pageOf(SessionViewSchema), "A page of sessions"), ...problems(400, 404) },
});

/** Mounted at /api/studies/:id/sessions. */
export const studySessionRoutes = apiRouter().openapi(listOfStudy, async (c) => {
  const study = await loadStudy(c, c.req.valid("param").id);
  const page = await c.var.deps.sessions.listByStudy(study.id, toPage(c.req.valid("query")));
  return c.json({ items: page.items.map(viewSession), nextCursor: page.cursor ?? null }, 200);
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A session with attempts, step visits, signals and annotations",
  request: { params: idParams("session") },
  responses: {
    200: json(
      shaped<SessionDetail>(
        "The session; storedBytes is what its recording occupies in storage now (raw chunks, or compacted segments)",
      ),
      "The session",
    ),
    ...problems(400, 404),
  },
});

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  summary:
    "The rrweb event stream in order; with ?from=seq, chunks from that sequence on (about maxBytes of JSON, at least one chunk)",
  request: {
    params: idParams("session"),
    query: z.object({
      from: numberQuery("from", 0, 99_999_999, "must be a chunk sequence number").optional(),
      maxBytes: numberQuery("maxBytes", 16_384, 8 * 1024 * 1024).optional(),
    }),
  },
  responses: {
    200: json(
      shaped<EventsPage | RecordedEvent[]>("A page of chunks (with from), else every event"),
      "Events",
    ),
    ...problems(400, 404),
  },
});

const erase = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Erase a session: metadata, annotations and every recording chunk",
  request: { params: idParams("session") },
  responses: { 204: NO_CONTENT, ...problems(400, 404) },
});

/** Mounted at /api/sessions. */
export const sessionRoutes = apiRouter()
  .openapi(read, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const detail = await deps.sessions.detail(id);
    if (!detail) throw notFound("session", id);
    const annotations = await deps.annotations.listBySession(detail.session.studyId, id);
    const { chunks, session, ...parts } = detail;
    const body: SessionDetail = {
      ...viewSession(session),
      ...parts,
      feedback: placeFeedback(session, parts.feedback, parts.stepVisits),
      annotations,
      recording: {
        chunkCount: chunks.length,
        seqs: chunks.map((ch) => ch.seq),
        firstTs: chunks[0]?.firstTs ?? null,
        lastTs: chunks.at(-1)?.lastTs ?? null,
      },
      storedBytes: storedBytes(chunks),
    };
    return c.json(body, 200);
  })
  .openapi(events, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const session = await loadSession(c, id);
    const { from, maxBytes } = c.req.valid("query");
    if (from !== undefined) {
      const page = await chunkPage(deps, session, from, maxBytes ?? PAGE_BUDGET_BYTES);
      return c.json(page as EventsPage, 200);
    }
    const chunks = await deps.recordings.list(id);
    return c.body(eventStream(deps, session, chunks), 200, { "content-type": "application/json" }) as never;
  })
  .openapi(erase, async (c) => {
    const session = await loadSession(c, c.req.valid("param").id);
    await eraseSession(c.var.deps, session.studyId, session.id);
    await requestAggregate(c.var.deps, session.studyId); // the report no longer counts it
    return c.body(null, 204);
  });
