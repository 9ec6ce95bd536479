import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { CreatedInvite, Study } from "../api/types";
import { downloadBlob, toCsv } from "../components/format";
import { CopyButton, Empty, ErrorState, Field, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { useLoad } from "../state/use-load";
import { InviteTable } from "./invite-table";

const val = (e: Event) => (e.target as HTMLInputElement).value;
const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : s);

function Created({ invites, study, onClose }: { invites: CreatedInvite[]; study: Study; onClose(): void }) {
  const exportCsv = () => {
    const rows = [
      ["label", "kind", "cap", "url"],
      ...invites.map((i) => [i.label ?? "", i.kind, i.cap, i.url]),
    ];
    downloadBlob(
      new Blob([toCsv(rows)], { type: "text/csv" }),
      `${study.name.replace(/\W+/g, "-")}-invites.csv`,
    );
  };
  const all = invites.map((i) => i.url).join("\n");
  return (
    <section class="card created" aria-label="New invite links">
      <h2>New links</h2>
      <p class="notice warn">
        Single-use links are shown only now: only a fingerprint of each is stored. Copy or export them. An
        open link stays in the list below.
      </p>
      <ul class="links">
        {invites.map((i) => (
          <li key={i.id}>
            <span class="muted">
              {i.label ?? (i.kind === "open" ? `Open link, up to ${i.cap}` : "Single use")}
            </span>
            <code data-testid="invite-url">{i.url}</code>
            <CopyButton text={i.url} />
          </li>
        ))}
      </ul>
      <div class="actions">
        <CopyButton text={all} label="Copy all" />
        <button type="button" class="small" onClick={exportCsv}>
          Export CSV
        </button>
        <button type="button" class="small link" onClick={onClose}>
          Done
        </button>
      </div>
    </section>
  );
}

export function InvitesTab({ study }: { study: Study }) {
  const app = useApp();
  const list = useLoad(() => app.api.listInvites(study.id), [app, study.id]);
  const [kind, setKind] = useState<"single" | "open">("single");
  const [count, setCount] = useState("5");
  const [cap, setCap] = useState("20");
  const [label, setLabel] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CreatedInvite[] | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const extra = label.trim() ? { label: label.trim() } : {};
    try {
      const body =
        kind === "open"
          ? { open: true as const, cap: num(cap) as number, ...extra }
          : { count: num(count) as number, ...extra };
      const res = await app.api.createInvites(study.id, body);
      setCreated(res.invites);
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "unknown", (err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const errs = (p: string) => error?.forField(p) ?? [];
  return (
    <section class="stack">
      {study.status !== "live" && (
        <p class="notice warn">
          The study is {study.status}: participants can open links only while it is live.{" "}
          <a href={`/studies/${study.id}/edit`}>Change the status</a>
        </p>
      )}
      <form class="card invite-form" onSubmit={create}>
        <h2>Invite participants</h2>
        <fieldset class="segmented">
          <legend class="sr-only">Kind of link</legend>
          <label>
            <input type="radio" name="kind" checked={kind === "single"} onChange={() => setKind("single")} />{" "}
            Single-use links
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === "open"} onChange={() => setKind("open")} /> One
            open link
          </label>
        </fieldset>
        <div class="grid">
          {kind === "single" ? (
            <Field label="How many links" errors={errs("count")}>
              <input inputMode="numeric" value={count} onInput={(e) => setCount(val(e))} />
            </Field>
          ) : (
            <Field label="Most participants" errors={errs("cap")}>
              <input inputMode="numeric" value={cap} onInput={(e) => setCap(val(e))} />
            </Field>
          )}
          <Field
            label="Label (optional)"
            hint="Numbered per link: “Panel A 1”, “Panel A 2”…"
            errors={errs("label")}
          >
            <input value={label} onInput={(e) => setLabel(val(e))} />
          </Field>
        </div>
        {error && error.details.length === 0 && (
          <p class="field-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Creating…" : "Create links"}
        </button>
      </form>
      {created && <Created invites={created} study={study} onClose={() => setCreated(null)} />}
      <div class="card">
        <h2>All links</h2>
        {list.status === "loading" && !list.data && <Loading what="invites" />}
        {list.status === "error" && <ErrorState error={list.error} retry={list.reload} />}
        {list.data && list.data.items.length === 0 && <Empty title="No invites yet" />}
        {list.data && list.data.items.length > 0 && (
          <InviteTable invites={list.data.items} study={study} onChanged={list.reload} />
        )}
      </div>
    </section>
  );
}
