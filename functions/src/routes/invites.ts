import { createRoute, z } from "@hono/zod-openapi";
import { mintToken } from "../adapters/secret-tokens";
import { AppError, notFound } from "../domain/errors";
import {
  type CreatedInvite,
  createInvites,
  expiryIn,
  type InviteView,
  invitePatchSchema,
  inviteRequestSchema,
  inviteUrl,
  viewInvite,
} from "../domain/invite";
import {
  BODY_PROBLEMS,
  idParam,
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

const oneInvite = idParams("study").extend({ inviteId: idParam("invite") });

const revoke = createRoute({
  method: "delete",
  path: "/{inviteId}",
  summary: "Withdraw an invite link: it starts no session from now on (sessions it started stay)",
  request: { params: oneInvite },
  responses: { 200: json(InviteSchema, "The withdrawn invite"), ...problems(400, 404) },
});

const expire = createRoute({
  method: "patch",
  path: "/{inviteId}",
  summary: "Set when an invite link expires, in days from now (0: now)",
  request: { params: oneInvite, body: jsonBody(invitePatchSchema) },
  responses: { 200: json(InviteSchema, "The changed invite"), ...problems(...BODY_PROBLEMS, 404) },
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
    const base = deps.publicUrl ?? new URL(c.req.url).origin;
    const created = createInvites(study.id, c.req.valid("json"), now, mintToken, base);
    await deps.invites.createMany(created.map((x) => x.invite));
    return c.json(
      {
        invites: created.map(({ invite, token }) => ({
          ...viewInvite(invite, now),
          url: inviteUrl(base, token),
        })),
        note: "Single-use links are shown only now: only a hash of each token is stored. An open link stays visible in the list, to be shared again.",
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
  })
  .openapi(revoke, async (c) => {
    const { deps } = c.var;
    const { id, inviteId } = c.req.valid("param");
    const now = deps.now();
    const current = (await deps.invites.update(id, inviteId, {}))?.revokedAt;
    const invite = await deps.invites.update(id, inviteId, { revokedAt: current ?? now.toISOString() });
    if (!invite) throw notFound("invite", inviteId);
    return c.json(viewInvite(invite, now), 200);
  })
  .openapi(expire, async (c) => {
    const { deps } = c.var;
    const { id, inviteId } = c.req.valid("param");
    const now = deps.now();
    const invite = await deps.invites.update(id, inviteId, {
      expiresAt: expiryIn(c.req.valid("json").expiresInDays, now),
    });
    if (!invite) throw notFound("invite", inviteId);
    return c.json(viewInvite(invite, now), 200);
  });
