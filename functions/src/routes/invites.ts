import { Hono } from "hono";
import { mintToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import { createInvites, inviteRequestSchemaFor, inviteUrl, viewInvite } from "../domain/invite";
import { readJson } from "../http/body";
import type { AppEnv } from "../http/env";
import { idParam, pageParams } from "../http/params";
import { loadStudy } from "./studies";

/** Mounted at /api/studies/:id/invites. */
export const inviteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, idParam(c, "study"));
    if (study.status === "closed") {
      throw new AppError(409, "study_closed", "The study is closed; reopen it to invite people.");
    }
    const request = await readJson(c, inviteRequestSchemaFor);
    const now = deps.now();
    const created = createInvites(study.id, request, now, mintToken);
    await deps.invites.createMany(created.map((x) => x.invite));
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    return c.json(
      {
        invites: created.map(({ invite, token }) => ({
          ...viewInvite(invite, now),
          url: inviteUrl(base, token),
        })),
        note: "Invite URLs are shown only now: only a hash of each token is stored.",
      },
      201,
    );
  })
  .get("/", async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, idParam(c, "study"));
    const page = await deps.invites.listByStudy(study.id, pageParams(c));
    const now = deps.now();
    return c.json({ items: page.items.map((i) => viewInvite(i, now)), nextCursor: page.cursor ?? null });
  });
