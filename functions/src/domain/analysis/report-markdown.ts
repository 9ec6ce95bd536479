import type { Quote, StudyReport, TaskReport } from "./report";

/** Text safe inside a Markdown table cell or a one-line quote. */
export function mdText(s: string): string {
  return s
    .replace(/\r?\n+/g, " ")
    .replace(/([\\`*_[\]|<>#])/g, "\\$1")
    .trim();
}

const sec = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(1)} s`);
const pct = (p: number) => `${Math.round(p * 100)} %`;
const counts = (o: Record<string, number | undefined>) =>
  Object.entries(o)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "–";

function quote(q: Quote): string {
  const who = q.author ? `${mdText(q.author)} on ${mdText(q.participant)}` : mdText(q.participant);
  const extra = q.tag ? ` (${mdText(q.tag)}, severity ${q.severity})` : "";
  return `> “${mdText(q.text)}” — ${who}${extra}`;
}

function task(t: TaskReport): string[] {
  const out = [`## ${mdText(t.title)}`, ""];
  const rate = t.successRate;
  out.push(
    `- Participants: ${t.participants} (${counts(t.outcomes)})`,
    rate
      ? `- Success: ${rate.successes}/${rate.n} = ${pct(rate.rate)} (95 % adjusted-Wald ${pct(rate.low)}–${pct(rate.high)})`
      : "- Success: no finished attempts yet",
    t.timeOnTaskMs
      ? `- Time on task (successful): median ${sec(t.timeOnTaskMs.median)}, IQR ${sec(t.timeOnTaskMs.q1)}–${sec(t.timeOnTaskMs.q3)}, range ${sec(t.timeOnTaskMs.min)}–${sec(t.timeOnTaskMs.max)}`
      : "- Time on task: –",
    `- SEQ: ${t.seq.mean === undefined ? "–" : `${t.seq.mean.toFixed(2)} (${t.seq.responses} answers)`}`,
    `- Followed the expected path: ${t.followedExpectedPath}/${t.participants}`,
    "",
    "| Step | Stage | Reached | Dropped off | Median dwell | Signals | Annotations |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
  );
  for (const s of t.steps) {
    out.push(
      `| ${mdText(s.name)} | ${s.stage ?? "–"} | ${s.reached} | ${s.droppedOff} | ${sec(s.dwellMs?.median)} | ${counts(s.signals)} | ${s.annotations.count ? `${s.annotations.count}: ${mdText(counts(s.annotations.byTag))}` : "–"} |`,
    );
  }
  out.push("");
  for (const s of t.steps) {
    const quotes = [...s.reviewerNotes, ...s.participantWords];
    if (quotes.length === 0) continue;
    out.push(`### ${mdText(s.name)}: in their words`, "", ...quotes.map(quote), "");
  }
  if (t.comments.length) out.push("### Participants' comments", "", ...t.comments.map(quote), "");
  return out;
}

/** The report as a Markdown document, for sharing with a team. */
export function reportToMarkdown(report: StudyReport): string {
  const s = report.sessions;
  const out = [
    `# Journey map: ${mdText(report.name)}`,
    "",
    `Sessions: ${s.total} (completed ${s.completed}, abandoned ${s.abandoned}, active ${s.active}; analyzed ${s.analyzed}).`,
    report.sus
      ? `SUS: mean ${report.sus.mean.toFixed(1)}, median ${report.sus.median.toFixed(1)} (${report.sus.responses} responses, ${report.sus.min}–${report.sus.max}).`
      : "SUS: no responses.",
    "",
  ];
  for (const t of report.tasks) out.push(...task(t));
  if (report.stages.length) {
    out.push(
      "## By journey stage",
      "",
      "| Stage | Reached | Dropped off | Signals | Annotations | Friction score |",
    );
    out.push("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const st of report.stages) {
      out.push(
        `| ${st.stage} | ${st.reached} | ${st.droppedOff} | ${st.signals} | ${st.annotations} | ${st.frictionScore} |`,
      );
    }
    out.push("");
  }
  out.push("## Fix first", "");
  if (report.friction.length === 0) out.push("No friction detected or tagged yet.");
  for (const f of report.friction.slice(0, 20)) {
    out.push(
      `${f.rank}. ${mdText(f.kind)} (${f.source}) at ${mdText(f.stepName ?? "no step")}: ${f.participants} participant(s), ${f.occurrences}×, severity ${f.severity}, score ${f.score}`,
    );
  }
  return `${out.join("\n")}\n`;
}
