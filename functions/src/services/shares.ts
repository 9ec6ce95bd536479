import { mintToken } from "../adapters/secret-tokens";
import { notFound } from "../domain/errors";
import { retainedUntil } from "../domain/retention";
import { createShare, type ShareInput, type ShareTarget, sharePath } from "../domain/share";
import type { Deps } from "../ports";

/**
 * Mints a link to a clip or reel: the token goes out once, in the URL; only its hash is kept.
 * The URL uses the configured public origin, else the request's.
 */
export async function mintShare(
  deps: Pick<Deps, "shares" | "now" | "publicUrl">,
  input: ShareInput,
  ctx: {
    studyId: string;
    target: ShareTarget;
    title: string;
    by: string;
    origin: string;
    /** When what it shows is deleted: the share goes with it. */
    retainUntil: string | undefined;
  },
) {
  const { token, tokenHash } = mintToken();
  const share = retainedUntil(createShare(input, { ...ctx, tokenHash, now: deps.now() }), ctx.retainUntil);
  await deps.shares.create(share);
  const base = (deps.publicUrl ?? ctx.origin).replace(/\/+$/, "");
  return { id: share.id, url: `${base}${sharePath(token)}`, expiresAt: share.expiresAt };
}

export async function loadShare(deps: Pick<Deps, "shares">, id: string) {
  const share = await deps.shares.get(id);
  if (!share) throw notFound("share", id);
  return share;
}
