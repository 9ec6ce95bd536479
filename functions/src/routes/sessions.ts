import { Hono } from "hono";
import { AppError, notFound } from "../domain/errors";
import { viewSession } from "../domain/session";
import type { AppEnv } from "../http/env";
import { idParam, pageParams } from "../http/params";
import { eraseSession } from "../services/erase";
import { chunkPage, eventStream } from "../services/recording";
import { loadStudy } from "./studies";

const PAGE_BUDGET_BYTES = 4 * 1024 * 1024;

export async function loadSession(c: { var: AppEnv["Variables"] }, id: string) {
  const session = await c.var.deps.sessions.get(id);
  if (!session) throw notFound("session", id);
  return session;
}

/** Mounted at /api/studies/:id/sessions. */
export const studySessionRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const study = await loadStudy(c, idParam(c, "study"));
  const page = await c.var.deps.sessions.listByStudy(study.id, pageParams(c));
  return c.json({ items: page.items.map(viewSession), nextCursor: page.cursor ?? null });
});

/** Mounted at /api/sessions. */
export const sessionRoutes = new Hono<AppEnv>()
  .get("/:id", async (c) => {
    const { deps } = c.var;
    const id = idParam(c, "session");
    const detail = await deps.sessions.detail(id);
    if (!detail) throw notFound("session", id);
    const annotations = await deps.annotations.listBySession(detail.session.studyId, id);
    const { chunks, session, ...parts } = detail;
    return c.json({
      ...viewSession(session),
      ...parts,
      annotations,
      recording: {
        chunkCount: chunks.length,
        seqs: chunks.map((ch) => ch.seq),
        firstTs: chunks[0]?.firstTs ?? null,
        lastTs: chunks.at(-1)?.lastTs ?? null,
      },
    });
  })
  .get("/:id/events", async (c) => {
    const { deps } = c.var;
    const id = idParam(c, "session");
    await loadSession(c, id);
    const from = c.req.query("from");
    if (from !== undefined) {
      const seq = Number(from);
      if (!Number.isInteger(seq) || seq < 0 || seq > 99_999_999) {
        throw new AppError(400, "invalid_request", "from must be a chunk sequence number.", [
          { path: "from", message: "must be a whole number from 0" },
        ]);
      }
      const raw = c.req.query("maxBytes");
      const budget = raw === undefined ? PAGE_BUDGET_BYTES : Number(raw);
      if (!Number.isInteger(budget) || budget < 16_384 || budget > 8 * 1024 * 1024) {
        throw new AppError(400, "invalid_request", "maxBytes must be a whole number from 16384 to 8388608.", [
          { path: "maxBytes", message: "must be between 16384 and 8388608" },
        ]);
      }
      return c.json(await chunkPage(deps, id, seq, budget));
    }
    const chunks = await deps.recordings.list(id);
    return c.body(eventStream(deps, chunks), 200, { "content-type": "application/json" });
  })
  .delete("/:id", async (c) => {
    const session = await loadSession(c, idParam(c, "session"));
    await eraseSession(c.var.deps, session.studyId, session.id);
    return c.body(null, 204);
  });
