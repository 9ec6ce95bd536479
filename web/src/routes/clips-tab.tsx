import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { Clip, Reel, ShareView, Study } from "../api/types";
import { clock, dateTime, downloadBlob } from "../components/format";
import { ShareLink } from "../components/share-link";
import { Empty, ErrorState, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { useLoad } from "../state/use-load";

/** Clips, highlight reels made of them, and the share links of both; notes export. */
export function ClipsTab({ study }: { study: Study }) {
  const app = useApp();
  const { query } = useLocation();
  const data = useLoad(async () => {
    const [clips, reels, shares] = await Promise.all([
      app.api.listClips(study.id),
      app.api.listReels(study.id),
      app.api.listShares(study.id),
    ]);
    return { clips: clips.items, reels: reels.items, shares: shares.items };
  }, [app, study.id]);
  const [picked, setPicked] = useState<string[]>([]);
  const [reelTitle, setReelTitle] = useState("");
  // Opened from "Make a reel": the new reel, with its share button, is in view at once.
  const loaded = data.data !== undefined;
  useEffect(() => {
    if (loaded && query.reel)
      document.querySelector(".reel.highlighted")?.scrollIntoView({ block: "center" });
  }, [loaded, query.reel]);

  if (data.status === "error" && !data.data) return <ErrorState error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading what="clips" />;
  const { clips, reels, shares } = data.data;
  const byId = new Map(clips.map((c) => [c.id, c]));
  const place = (c: Clip) => {
    const task = study.tasks.find((t) => t.id === c.taskId);
    const step = task?.steps.find((s) => s.id === c.stepId);
    return [task?.title, step?.name].filter(Boolean).join(" › ");
  };
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const move = (i: number, by: number) =>
    setPicked((p) => {
      const next = [...p];
      const [x] = next.splice(i, 1);
      if (x) next.splice(Math.max(0, Math.min(next.length, i + by)), 0, x);
      return next;
    });
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      app.notify(done);
      data.reload();
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };
  const makeReel = () =>
    act(async () => {
      await app.api.createReel(study.id, { title: reelTitle.trim() || "Highlight reel", clipIds: picked });
      setPicked([]);
      setReelTitle("");
    }, "Reel made.");
  const exportNotes = async (format: "csv" | "md") => {
    try {
      downloadBlob(await app.api.notesFile(study.id, format), `${study.name}-notes.${format}`);
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };

  return (
    <section class="stack clips-tab">
      <div class="card">
        <div class="page-head">
          <h2>Highlight reels</h2>
          <span class="muted">Clips played back to back, a title card before each</span>
        </div>
        {reels.length === 0 ? (
          <p class="muted">
            No reels yet. Pick clips below, or use “Make a reel” on the journey map's friction.
          </p>
        ) : (
          <ul class="reel-list">
            {reels.map((r: Reel) => (
              <li key={r.id} class={query.reel === r.id ? "reel highlighted" : "reel"} data-testid="reel">
                <div>
                  <strong>{r.title}</strong>
                  <span class="muted">
                    {" "}
                    · {r.clipIds.length} clips · {r.author}, {dateTime(r.createdAt)}
                  </span>
                  <ol class="reel-clips">
                    {r.clipIds.map((cid) => {
                      const c = byId.get(cid);
                      return c ? <li key={cid}>{`${c.participantLabel}: ${c.title}`}</li> : null;
                    })}
                  </ol>
                </div>
                <div class="row-actions">
                  <ShareLink kind="reel" id={r.id} onMade={data.reload} />
                  <button
                    type="button"
                    class="small danger"
                    onClick={() => act(() => app.api.deleteReel(r.id), "Reel deleted.")}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div class="card">
        <div class="page-head">
          <h2>Clips</h2>
          <div class="actions">
            <button type="button" class="small" onClick={() => exportNotes("csv")}>
              Notes as CSV
            </button>
            <button type="button" class="small" onClick={() => exportNotes("md")}>
              Notes as Markdown
            </button>
          </div>
        </div>
        {clips.length === 0 ? (
          <Empty title="No clips yet">
            <p class="muted">
              Open a session and press <kbd>c</kbd>, or “Clip” next to a signal, tag or problem report.
            </p>
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="clips-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span class="sr-only">In the reel</span>
                  </th>
                  <th scope="col">Clip</th>
                  <th scope="col">Participant</th>
                  <th scope="col">Where</th>
                  <th scope="col">Range</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {clips.map((c) => (
                  <tr key={c.id} data-testid="clip-row">
                    <td>
                      <input
                        type="checkbox"
                        checked={picked.includes(c.id)}
                        onChange={() => toggle(c.id)}
                        aria-label={`Add “${c.title}” to the reel`}
                      />
                    </td>
                    <td>
                      <a href={`/sessions/${c.sessionId}?t=${c.start}`}>{c.title}</a>
                      {c.tag && <span class="chip">{c.tag}</span>}
                      {c.note && <p class="muted small-print">{c.note}</p>}
                    </td>
                    <td>{c.participantLabel}</td>
                    <td>{place(c) || <span class="muted">outside the journey</span>}</td>
                    <td class="nowrap">{`${clock(c.start)}–${clock(c.end)}`}</td>
                    <td>
                      <div class="row-actions">
                        <ShareLink kind="clip" id={c.id} onMade={data.reload} />
                        <button
                          type="button"
                          class="small danger"
                          onClick={() => act(() => app.api.deleteClip(c.id), "Clip deleted.")}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {picked.length > 0 && (
          <div class="reel-builder" data-testid="reel-builder">
            <h3>New reel</h3>
            <ol>
              {picked.map((id, i) => (
                <li key={id}>
                  {byId.get(id)?.participantLabel}: {byId.get(id)?.title}{" "}
                  <button
                    type="button"
                    class="small"
                    onClick={() => move(i, -1)}
                    disabled={i === 0}
                    aria-label="Earlier"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="small"
                    onClick={() => move(i, 1)}
                    disabled={i === picked.length - 1}
                    aria-label="Later"
                  >
                    ↓
                  </button>
                </li>
              ))}
            </ol>
            <div class="actions">
              <input
                value={reelTitle}
                placeholder="Reel title"
                aria-label="Reel title"
                maxLength={200}
                onInput={(e) => setReelTitle((e.target as HTMLInputElement).value)}
              />
              <button type="button" class="primary" onClick={makeReel} data-testid="make-reel">
                Make reel of {picked.length}
              </button>
            </div>
          </div>
        )}
      </div>

      <SharesList
        shares={shares}
        onRevoke={(s) => act(() => app.api.revokeShare(s.id), "Link turned off.")}
      />
    </section>
  );
}

function SharesList({ shares, onRevoke }: { shares: ShareView[]; onRevoke(s: ShareView): void }) {
  return (
    <div class="card">
      <h2>Share links</h2>
      {shares.length === 0 ? (
        <p class="muted">
          No links yet. A link shows one clip or reel to anyone who has it, without an account.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="shares-table">
            <thead>
              <tr>
                <th scope="col">Shows</th>
                <th scope="col">Made by</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.id} data-testid="share-row">
                  <td>
                    {s.target.kind === "reel" ? "Reel" : "Clip"}: {s.title}
                  </td>
                  <td>
                    {s.createdBy}, {dateTime(s.createdAt)}
                  </td>
                  <td>
                    <span class={`badge share-${s.status}`}>{s.status}</span>{" "}
                    <span class="muted small-print">
                      {s.status === "revoked"
                        ? `by ${s.revokedBy ?? "?"}, ${dateTime(s.revokedAt)}`
                        : `${s.status === "expired" ? "expired" : "until"} ${dateTime(s.expiresAt)}`}
                    </span>
                  </td>
                  <td>
                    {s.status === "active" && (
                      <button
                        type="button"
                        class="small danger"
                        onClick={() => onRevoke(s)}
                        data-testid="revoke"
                      >
                        Turn off
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
