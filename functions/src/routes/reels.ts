import { createRoute, z } from "@hono/zod-openapi";
import { invalid, notFound } from "../domain/errors";
import { frictionReelSchema } from "../domain/friction-reel";
import {
  createReel,
  patchReel,
  type Reel,
  reelClipIssues,
  reelInputSchema,
  reelPatchSchema,
} from "../domain/reel";
import { latestRetention, retainedUntil } from "../domain/retention";
import { shareInputSchema } from "../domain/share";
import { BODY_PROBLEMS, idParams, json, jsonBody, NO_CONTENT, problems, shaped } from "../http/openapi";
import { apiRouter } from "../http/router";
import type { Deps } from "../ports";
import { makeFrictionReel } from "../services/friction-reel";
import { mintShare } from "../services/shares";
import { ShareLinkSchema } from "./clips";
import { loadStudy } from "./studies";

/** Checks the clips of a reel; returns until when the reel is kept (its clips' sessions). */
async function checkClips(deps: Deps, studyId: string, clipIds: string[]) {
  const found = await deps.clips.getMany(clipIds);
  const issues = reelClipIssues(studyId, clipIds, found);
  if (issues.length) throw invalid("A reel holds clips of its own study, each once.", issues);
  return latestRetention(clipIds.map((id) => found.get(id)?.retainUntil));
}

async function loadReel(deps: Deps, id: string) {
  const reel = await deps.reels.get(id);
  if (!reel) throw notFound("reel", id);
  return reel;
}

/** A reel with its clips in order (clips deleted since are left out). */
async function expand(deps: Deps, reel: Reel) {
  const found = await deps.clips.getMany(reel.clipIds);
  return { ...reel, clips: reel.clipIds.flatMap((id) => found.get(id) ?? []) };
}

const ReelSchema = shaped<Reel>("An ordered list of clips of one study");
const ExpandedSchema = shaped<Awaited<ReturnType<typeof expand>>>("A reel with its clips in order");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Every highlight reel of a study, oldest first",
  request: { params: idParams("study") },
  responses: { 200: json(z.object({ items: z.array(ReelSchema) }), "The reels"), ...problems(400, 404) },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Make a highlight reel: clips of this study, played in the order given",
  request: { params: idParams("study"), body: jsonBody(reelInputSchema) },
  responses: { 201: json(ExpandedSchema, "The new reel"), ...problems(...BODY_PROBLEMS, 404) },
});

const fromFriction = createRoute({
  method: "post",
  path: "/from-friction",
  summary: "A reel of one problem: a clip around the first moment of it in each session that met it",
  request: { params: idParams("study"), body: jsonBody(frictionReelSchema) },
  responses: {
    201: json(ExpandedSchema, "The new reel with its new clips"),
    ...problems(...BODY_PROBLEMS, 404),
  },
});

/** Mounted at /api/studies/:id/reels. */
export const studyReelRoutes = apiRouter()
  .openapi(fromFriction, async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, c.req.valid("param").id);
    const reel = await makeFrictionReel(deps, study, c.req.valid("json"), c.var.principal.name);
    c.header("Location", `/api/reels/${reel.id}`);
    return c.json(await expand(deps, reel), 201);
  })
  .openapi(list, async (c) => {
    const study = await loadStudy(c, c.req.valid("param").id);
    return c.json({ items: await c.var.deps.reels.listByStudy(study.id) }, 200);
  })
  .openapi(create, async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, c.req.valid("param").id);
    const input = c.req.valid("json");
    const until = await checkClips(deps, study.id, input.clipIds);
    const reel = retainedUntil(createReel(input, study.id, c.var.principal.name, deps.now()), until);
    await deps.reels.put(reel);
    c.header("Location", `/api/reels/${reel.id}`);
    return c.json(await expand(deps, reel), 201);
  });

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A reel with its clips in order",
  request: { params: idParams("reel") },
  responses: { 200: json(ExpandedSchema, "The reel"), ...problems(400, 404) },
});

const change = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a reel's title, note or clips",
  request: { params: idParams("reel"), body: jsonBody(reelPatchSchema) },
  responses: { 200: json(ExpandedSchema, "The changed reel"), ...problems(...BODY_PROBLEMS, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a reel (its clips stay)",
  request: { params: idParams("reel") },
  responses: { 204: NO_CONTENT, ...problems(400, 404) },
});

const share = createRoute({
  method: "post",
  path: "/{id}/share",
  summary: "A share link to the reel, viewable without an account until it expires or is revoked",
  request: { params: idParams("reel"), body: jsonBody(shareInputSchema) },
  responses: { 201: json(ShareLinkSchema, "The new link"), ...problems(...BODY_PROBLEMS, 404) },
});

/** Mounted at /api/reels. */
export const reelRoutes = apiRouter()
  .openapi(read, async (c) =>
    c.json(await expand(c.var.deps, await loadReel(c.var.deps, c.req.valid("param").id)), 200),
  )
  .openapi(change, async (c) => {
    const { deps } = c.var;
    const current = await loadReel(deps, c.req.valid("param").id);
    const patch = c.req.valid("json");
    const until = patch.clipIds
      ? await checkClips(deps, current.studyId, patch.clipIds)
      : current.retainUntil;
    const reel = retainedUntil(patchReel(current, patch, deps.now()), until);
    await deps.reels.put(reel);
    return c.json(await expand(deps, reel), 200);
  })
  .openapi(remove, async (c) => {
    const reel = await loadReel(c.var.deps, c.req.valid("param").id);
    await c.var.deps.reels.delete(reel.id);
    return c.body(null, 204);
  })
  .openapi(share, async (c) => {
    const { deps } = c.var;
    const reel = await loadReel(deps, c.req.valid("param").id);
    const link = await mintShare(deps, c.req.valid("json"), {
      studyId: reel.studyId,
      target: { kind: "reel", id: reel.id },
      title: reel.title,
      retainUntil: reel.retainUntil,
      by: c.var.principal.name,
      origin: new URL(c.req.url).origin,
    });
    return c.json(link, 201);
  });
