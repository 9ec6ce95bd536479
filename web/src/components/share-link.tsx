import { useState } from "preact/hooks";
import { useApp } from "../state/context";
import { dateTime } from "./format";
import { CopyButton } from "./ui";

const DAYS = [7, 30, 90] as const;

/**
 * Makes a share link for a clip or reel and shows it once, with a copy button: the token is
 * not kept by the server, so this is the only time the URL can be read.
 */
export function ShareLink({ kind, id, onMade }: { kind: "clip" | "reel"; id: string; onMade?(): void }) {
  const app = useApp();
  const [days, setDays] = useState<number>(30);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    try {
      const body = { expiresInDays: days };
      setLink(kind === "clip" ? await app.api.shareClip(id, body) : await app.api.shareReel(id, body));
      onMade?.();
    } catch (err) {
      app.notify((err as Error).message, "error");
    } finally {
      setBusy(false);
    }
  };
  if (link) {
    return (
      <div class="share-link" data-testid="share-link">
        <input readOnly value={link.url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={link.url} label="Copy link" />
        <span class="muted small-print">
          Anyone with it can watch until {dateTime(link.expiresAt)}. It is shown only now.
        </span>
      </div>
    );
  }
  return (
    <div class="share-link">
      <select
        aria-label="Link works for"
        value={String(days)}
        onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}
      >
        {DAYS.map((d) => (
          <option key={d} value={String(d)}>
            {d} days
          </option>
        ))}
      </select>
      <button type="button" class="small" onClick={make} disabled={busy} data-testid={`share-${kind}`}>
        {busy ? "Making link…" : "Share link"}
      </button>
    </div>
  );
}
