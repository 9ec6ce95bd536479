import type { Quote, ReviewerNote, StudyReport, TaskReport } from "./report";
import type { Proportion } from "./report-stats";

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
    .map(([k, n]) => `${k.replace(/_/g, " ")} ${n}`)
    .join(", ") || "–";

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

function quote(q: Quote): string {
  const at = q.t !== undefined ? ` at ${clock(q.t)}` : "";
  return `> “${mdText(q.text)}” — ${mdText(q.participant)}${at}`;
}

function note(n: ReviewerNote): string {
  const range = n.tEnd !== undefined ? `${clock(n.t)}–${clock(n.tEnd)}` : clock(n.t);
  return `- ${mdText(n.author)} on ${mdText(n.participant)} at ${range} (${mdText(n.tag)}, severity ${n.severity}): ${mdText(n.text)}`;
}

const rateLine = (label: string, r: Proportion | undefined) =>
  r
    ? `- ${label}: ${r.successes} of ${r.n} = ${pct(r.rate)} (95 % adjusted-Wald ${pct(r.low)}–${pct(r.high)})`
    : `- ${label}: no finished attempts yet`;

function task(t: TaskReport): string[] {
  const out = [`## ${mdText(t.title)}`, ""];
  const word = (n: number) => (n === 1 ? "participant" : "participants");
  out.push(
    `- Participants: ${t.participants} (${counts(t.outcomes)})`,
    ...(t.hasSuccessRule
      ? [
          rateLine("Success (rule met)", t.successRate),
          rateLine("Success or said done", t.successOrClaimedRate),
        ]
      : [rateLine("Success (said done; the task has no success rule)", t.successRate)]),
    t.timeOnTaskMs
      ? `- Time on task (successful): median ${sec(t.timeOnTaskMs.median)}, IQR ${sec(t.timeOnTaskMs.q1)}–${sec(t.timeOnTaskMs.q3)}, range ${sec(t.timeOnTaskMs.min)}–${sec(t.timeOnTaskMs.max)}`
      : "- Time on task: –",
    `- SEQ: ${t.seq.mean === undefined ? "–" : `${t.seq.mean.toFixed(2)} of 7 (${t.seq.responses} answers)`}`,
    `- Followed the expected path: ${t.followedExpectedPath} of ${t.participants} ${word(t.participants)}`,
    "",
    "| Step | Stage | Reached (sessions) | Dropped off (attempts) | Median dwell | Signals | Annotations |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
  );
  for (const s of t.steps) {
    out.push(
      `| ${mdText(s.name)} | ${s.stage ?? "–"} | ${s.reached} | ${s.droppedOff} | ${sec(s.dwellMs?.median)} | ${counts(s.signals)} | ${s.annotations.count ? `${s.annotations.count}: ${mdText(counts(s.annotations.byTag))}` : "–"} |`,
    );
  }
  out.push("");
  for (const s of t.steps) {
    if (s.participantWords.length === 0) continue;
    out.push(`### ${mdText(s.name)}: in their words`, "", ...s.participantWords.map(quote), "");
  }
  if (t.comments.length) out.push("### Participants' comments", "", ...t.comments.map(quote), "");
  const notes = [
    ...t.steps.flatMap((s) => s.reviewerNotes.map((n) => `${note(n)} [${mdText(s.name)}]`)),
    ...t.reviewerNotes.map(note),
  ];
  if (notes.length) out.push("### Reviewer notes", "", ...notes, "");
  return out;
}

/** The report as a Markdown document, for sharing with a team. */
export function reportToMarkdown(report: StudyReport): string {
  const s = report.sessions;
  const out = [
    `# Journey map: ${mdText(report.name)}`,
    "",
    `Sessions: ${s.counted} in this report, of ${s.total} (${s.inProgress} still in progress, left out; ${s.notStarted} not started: consented, no task begun).`,
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
