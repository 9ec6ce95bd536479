/**
 * Checks every linked number of a running platform's journey map against the sessions it
 * counts, two ways: the sessions list its link filters to (what the reviewer sees), and the
 * raw session details (attempts, step visits, signals) read one by one. Also compares the
 * sessions list's outcome and signal counts with each session's detail, and the CSV's task
 * rows with the JSON. Prints one line per figure.
 *
 *   PORT=… FRICTIONMAP_ADMIN_TOKEN=… npx tsx test/docs/demo-check.ts
 */
import type { SessionDetail, SessionView, StudyReport } from "../../web/src/api/types";
import { allMapNumbers } from "../../web/src/state/journey-links";
import { filterSessions } from "../../web/src/state/session-filter";

const base = `http://localhost:${process.env.PORT ?? "8787"}/api`;
const headers = { authorization: `Bearer ${process.env.FRICTIONMAP_ADMIN_TOKEN}` };
const get = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return path.includes("format=") ? res.text() : res.json();
};

const study = (await get("/studies")).items[0];
const report = (await get(`/studies/${study.id}/report`)) as StudyReport;
const sessions: SessionView[] = [];
for (let cursor: string | null = ""; cursor !== null; ) {
  const page = await get(`/studies/${study.id}/sessions${cursor ? `?cursor=${cursor}` : ""}`);
  sessions.push(...page.items);
  cursor = page.nextCursor;
}
const details = new Map<string, SessionDetail>();
for (const s of sessions) details.set(s.id, await get(`/sessions/${s.id}`));
let bad = 0;
const say = (ok: boolean, line: string) => {
  if (!ok) bad++;
  console.log(`${ok ? "ok  " : "DIFF"} ${line}`);
};

// 1. Every linked number = the length of the list it links to.
for (const { label, n } of allMapNumbers(report)) {
  const listed = filterSessions(sessions, n.filters);
  const who = listed.map((s) => s.participantLabel.replace("Demo participant ", "P")).join(" ");
  say(listed.length === n.count, `map ${label}: ${n.count}; its list: ${listed.length} [${who}]`);
}

// 2. The same figures from the raw details of the counted sessions.
const counted = sessions
  .filter((s) => s.standing === "counted")
  .map((s) => details.get(s.id) as SessionDetail);
for (const task of report.tasks) {
  const attempts = counted.flatMap((d) => d.attempts.filter((a) => a.taskId === task.taskId));
  for (const [o, n] of Object.entries(task.outcomes)) {
    if (o === "in_progress") continue;
    const raw = attempts.filter((a) => a.outcome === o).length;
    say(raw === n, `${task.title}: ${o} ${n}; attempts with that outcome: ${raw}`);
  }
  for (const step of task.steps) {
    const reached = counted.filter((d) => d.stepVisits.some((v) => v.stepId === step.stepId)).length;
    say(reached === step.reached, `${step.name}: reached ${step.reached}; sessions with a visit: ${reached}`);
    for (const [kind, n] of Object.entries(step.signalSessions)) {
      const raw = counted.filter((d) =>
        d.signals.some((g) => g.kind === kind && g.stepId === step.stepId),
      ).length;
      say(raw === n, `${step.name}: ${kind} in ${n} sessions; sessions with such a signal there: ${raw}`);
    }
  }
}

// 3. The sessions list against each session's detail.
for (const s of sessions) {
  const d = details.get(s.id) as SessionDetail;
  const outcomes = Object.fromEntries(d.attempts.filter((a) => a.outcome).map((a) => [a.taskId, a.outcome]));
  const kinds: Record<string, number> = {};
  for (const g of d.signals) kinds[g.kind] = (kinds[g.kind] ?? 0) + 1;
  const listedKinds = Object.fromEntries(Object.entries(s.signalCounts).filter(([, n]) => n));
  say(
    JSON.stringify(outcomes) === JSON.stringify(s.outcomes) &&
      JSON.stringify(Object.entries(kinds).sort()) === JSON.stringify(Object.entries(listedKinds).sort()),
    `list ${s.participantLabel}: outcomes ${Object.values(s.outcomes).join("/")}, signals ${JSON.stringify(listedKinds)}`,
  );
}

// 4. The CSV's task rows against the JSON.
const csv = ((await get(`/studies/${study.id}/report?format=csv`)) as string).split("\r\n");
const header = (csv[0] ?? "").split(",");
for (const task of report.tasks) {
  const row = (csv.find((l) => l.startsWith(`task,${task.title},`)) ?? "").split(",");
  for (const o of ["success", "claimed", "gave_up", "timed_out", "abandoned"] as const) {
    const cell = Number(row[header.indexOf(o)]);
    say(cell === task.outcomes[o], `csv ${task.title}: ${o} ${cell}; json ${task.outcomes[o]}`);
  }
}
console.log(bad === 0 ? "every figure matches" : `${bad} figures differ`);
process.exitCode = bad ? 1 : 0;
