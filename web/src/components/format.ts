/** Small formatting helpers shared by the pages. */

export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  // Under a second is no time a person spends on purpose: say so rather than "3 ms".
  if (ms <= 0) return "0 s";
  if (ms < 1000) return "under 1 s";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A size in storage: 1,234 B, 12.3 KB, 4.5 MB (powers of 1024). */
export function byteSize(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "—";
  if (n < 1024) return `${n.toLocaleString("en")} B`;
  const kb = n / 1024;
  if (kb < 1024) return `${kb.toFixed(kb < 100 ? 1 : 0)} KB`;
  return `${(kb / 1024).toFixed(1)} MB`;
}

export function dateTime(iso: string | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function humanize(kind: string): string {
  const s = kind.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const SEVERITY_LABELS = [
  "0 · not a problem",
  "1 · cosmetic",
  "2 · minor",
  "3 · major",
  "4 · catastrophe",
];

/** Outcomes in researchers' words; `claimed`: the participant said done, the rule did not confirm. */
export const OUTCOME_LABELS: Record<string, string> = {
  success: "Success",
  claimed: "Said done (unconfirmed)",
  gave_up: "Gave up",
  timed_out: "Timed out",
  abandoned: "Abandoned",
};

/** "1 session", "3 sessions": a count with its unit. */
export function plural(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

export function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** A CSV document from rows; quotes every field that needs it. */
export function toCsv(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** Saves a blob as a file the browser downloads. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
