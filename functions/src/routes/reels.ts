import { Hono } from "hono";
import { invalid, notFound } from "../domain/errors";
import { createReel, patchReel, reelClipIssues, reelInputSchema, reelPatchSchema } from "../domain/reel";
import { shareInputSchema } from "../domain/share";
import { readJson, readOptionalJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { idParam } from "../http/params";
import type { Deps } from "../ports";
import { mintShare } from "../services/shares";
import { loadStudy } from "./studies";

async function checkClips(deps: Deps, studyId: string, clipIds: string[]) {
  const issues = reelClipIssues(studyId, clipIds, await deps.clips.getMany(clipIds));
  if (issues.length) throw invalid("A reel holds clips of its own study, each once.", issues);
}

async function loadReel(deps: Deps, id: string) {
  const reel = await deps.reels.get(id);
  if (!reel) throw notFound("reel", id);
  return reel;
}

/** A reel with its clips in order (clips deleted since are left out). */
async function expand(deps: Deps, reel: Awaited<ReturnType<typeof loadReel>>) {
  const found = await deps.clips.getMany(reel.clipIds);
  return { ...reel, clips: reel.clipIds.flatMap((id) => found.get(id) ?? []) };
}

/** Mounted at /api/studies/:id/reels. */
export const studyReelRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const study = await loadStudy(c, idParam(c, "study"));
    return c.json({ items: await c.var.deps.reels.listByStudy(study.id) });
  })
  .post("/", async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, idParam(c, "study"));
    const input = await readJson(c, reelInputSchema);
    await checkClips(deps, study.id, input.clipIds);
    const reel = createReel(input, study.id, c.var.principal.name, deps.now());
    await deps.reels.put(reel);
    c.header("Location", `/api/reels/${reel.id}`);
    return c.json(await expand(deps, reel), 201);
  });

/** Mounted at /api/reels. */
export const reelRoutes = new Hono<AppEnv>()
  .get("/:id", async (c) => c.json(await expand(c.var.deps, await loadReel(c.var.deps, idParam(c, "reel")))))
  .patch("/:id", async (c) => {
    const { deps } = c.var;
    const current = await loadReel(deps, idParam(c, "reel"));
    const patch = await readJson(c, reelPatchSchema);
    if (patch.clipIds) await checkClips(deps, current.studyId, patch.clipIds);
    const reel = patchReel(current, patch, deps.now());
    await deps.reels.put(reel);
    return c.json(await expand(deps, reel));
  })
  .delete("/:id", async (c) => {
    const reel = await loadReel(c.var.deps, idParam(c, "reel"));
    await c.var.deps.reels.delete(reel.id);
    return c.body(null, 204);
  })
  .post("/:id/share", async (c) => {
    const { deps } = c.var;
    const reel = await loadReel(deps, idParam(c, "reel"));
    const input = await readOptionalJson(c, shareInputSchema);
    const { share: _s, ...out } = await mintShare(deps, input, {
      studyId: reel.studyId,
      target: { kind: "reel", id: reel.id },
      title: reel.title,
      by: c.var.principal.name,
      origin: new URL(c.req.url).origin,
    });
    return c.json(out, 201);
  });
