import { useState } from "preact/hooks";
import type { InviteView, Study } from "../api/types";
import { dateTime } from "../components/format";
import { CopyButton, StatusBadge } from "../components/ui";
import { useApp } from "../state/context";

const stopped = (i: InviteView) =>
  i.status === "revoked" || i.status === "expired" || i.status === "completed";

/** Every link of the study in creation order, with what can still be done to it. */
export function InviteTable({
  invites,
  study,
  onChanged,
}: {
  invites: InviteView[];
  study: Study;
  onChanged(): void;
}) {
  const app = useApp();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const act = async (i: InviteView, what: "revoke" | "expire") => {
    setBusy(i.id);
    try {
      if (what === "revoke") await app.api.revokeInvite(study.id, i.id);
      else await app.api.expireInvite(study.id, i.id, 0);
      app.notify(what === "revoke" ? "The link was withdrawn." : "The link has expired.");
      setConfirming(null);
      onChanged();
    } catch (err) {
      app.notify((err as Error).message, "error");
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="table-wrap">
      <table class="invites">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Kind</th>
            <th scope="col">Used</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id} data-invite={i.id}>
              <td data-label="Label">
                {i.label ?? "—"}
                {i.shareUrl && (
                  <span class="share-url">
                    <code data-testid="open-link">{i.shareUrl}</code>
                    <CopyButton text={i.shareUrl} />
                  </span>
                )}
              </td>
              <td data-label="Kind">{i.kind === "open" ? `open, up to ${i.cap}` : "single use"}</td>
              <td data-label="Used">
                {i.used} of {i.cap} started ({i.completed} completed)
              </td>
              <td data-label="Status">
                <StatusBadge status={i.status} />
              </td>
              <td data-label="Created">{dateTime(i.createdAt)}</td>
              <td data-label="Expires">
                {i.revokedAt
                  ? `withdrawn ${dateTime(i.revokedAt)}`
                  : i.expiresAt
                    ? dateTime(i.expiresAt)
                    : "never"}
              </td>
              <td class="actions-cell">
                {!stopped(i) &&
                  (confirming === i.id ? (
                    <span class="cell-actions">
                      <button
                        type="button"
                        class="small danger"
                        disabled={busy === i.id}
                        onClick={() => act(i, "revoke")}
                      >
                        Withdraw for good
                      </button>
                      <button type="button" class="small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <span class="cell-actions">
                      <button
                        type="button"
                        class="small"
                        disabled={busy === i.id}
                        onClick={() => act(i, "expire")}
                        aria-label={`Expire ${i.label ?? "this link"} now`}
                      >
                        Expire now
                      </button>
                      <button
                        type="button"
                        class="small"
                        onClick={() => setConfirming(i.id)}
                        aria-label={`Withdraw ${i.label ?? "this link"}`}
                      >
                        Withdraw…
                      </button>
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
