import { createRoute, z } from "@hono/zod-openapi";
import { mintToken } from "../adapters/secret-tokens";
import { AppError } from "../domain/errors";
import {
  type CreatedInvite,
  createInvites,
  type InviteView,
  inviteRequestSchema,
  inviteUrl,
  viewInvite,
} from "../domain/invite";
import {
  BODY_PROBLEMS,
  idParams,
  json,
  jsonBody,
  pageOf,
  pageQuery,
  problems,
  shaped,
  toPage,
} from "../http/openapi";
import { apiRouter } from "../http/router";
import { loadStudy } from "./studies";

const InviteSchema = shaped<InviteView>("An invite link's settings and status (never its token)");

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create single-use invite links ({count}) or one open link ({open, cap})",
  request: { params: idParams("study"), body: jsonBody(inviteRequestSchema) },
  responses: {
    201: json(
      z.object({
        invites: z.array(shaped<CreatedInvite>("An invite with its URL (shown once)")),
        note: z.string(),
      }),
      "The new invites",
    ),
    ...problems(...BODY_PROBLEMS, 404, 409),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List invites with status",
  request: { params: idParams("study"), query: pageQuery },
  responses: { 200: json(pageOf(InviteSchema), "A page of invites"), ...problems(400, 404) },
});

/** Mounted at /api/studies/:id/invites. */
export const inviteRoutes = apiRouter()
  .openapi(create, async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, c.req.valid("param").id);
    if (study.status === "closed") {
      throw new AppError(409, "study_closed", "The study is closed; reopen it to invite people.");
    }
    const now = deps.now();
    const created = createInvites(study.id, c.req.valid("json"), now, mintToken);
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
  .openapi(list, async (c) => {
    const { deps } = c.var;
    const study = await loadStudy(c, c.req.valid("param").id);
    const page = await deps.invites.listByStudy(study.id, toPage(c.req.valid("query")));
    const now = deps.now();
    return c.json({ items: page.items.map((i) => viewInvite(i, now)), nextCursor: page.cursor ?? null }, 200);
  });
