import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { FrictionItem, Quote, StepReport, Study, StudyReport, TaskReport } from "../api/types";
import { clock, downloadBlob, duration, humanize, percent } from "../components/format";
import { Empty, ErrorState, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { filtersToQuery, type SessionFilters } from "../state/session-filter";
import { useLoad } from "../state/use-load";

const sessionsLink = (studyId: string, f: SessionFilters) =>
  `/studies/${studyId}/sessions${filtersToQuery(f)}`;
const momentLink = (q: Quote) => `/sessions/${q.sessionId}${q.t !== undefined ? `?t=${q.t}` : ""}`;

/** Consecutive steps of the same stage, as one band over their columns. */
function stageBands(steps: StepReport[]) {
  const bands: { stage: string; span: number }[] = [];
  for (const s of steps) {
    const stage = s.stage ?? "";
    const last = bands.at(-1);
    if (last && last.stage === stage) last.span++;
    else bands.push({ stage, span: 1 });
  }
  return bands;
}

function StepColumn({ step, task, studyId }: { step: StepReport; task: TaskReport; studyId: string }) {
  const share = task.participants ? step.reached / task.participants : 0;
  const quotes = [...step.participantWords, ...step.reviewerNotes].slice(0, 3);
  const signals = Object.entries(step.signals).filter(([, n]) => n);
  return (
    <div class="step-col" data-step={step.stepId}>
      <h4>{step.name}</h4>
      <div class="funnel" aria-hidden="true">
        <div class="funnel-bar" style={{ height: `${Math.max(4, share * 100)}%` }} />
      </div>
      <dl class="numbers">
        <div>
          <dt>Reached</dt>
          <dd>
            <a href={sessionsLink(studyId, { task: task.taskId })} data-testid="reached">
              {step.reached}
            </a>
            <span class="muted"> of {task.participants}</span>
          </dd>
        </div>
        <div>
          <dt>Dropped here</dt>
          <dd class={step.droppedOff ? "bad" : ""}>
            <a href={sessionsLink(studyId, { task: task.taskId, outcome: "gave_up" })} data-testid="dropped">
              {step.droppedOff}
            </a>
          </dd>
        </div>
        <div>
          <dt>Dwell (median)</dt>
          <dd>{duration(step.dwellMs?.median)}</dd>
        </div>
      </dl>
      <div class="friction">
        {signals.length === 0 && step.annotations.count === 0 && <span class="muted">No friction</span>}
        {signals.map(([kind, n]) => (
          <a
            key={kind}
            class={`chip sig-${kind}`}
            href={sessionsLink(studyId, { task: task.taskId, signal: kind })}
          >
            {humanize(kind)} <strong>{n}</strong>
          </a>
        ))}
        {step.annotations.count > 0 && (
          <a
            class="severity-bar"
            href={sessionsLink(studyId, { task: task.taskId, annotated: true })}
            title="Annotations by severity 0–4"
          >
            {step.annotations.bySeverity.map((n, sev) =>
              n ? (
                <span key={String(sev)} class={`sev sev-${sev}`}>
                  {n} × severity {sev}
                </span>
              ) : null,
            )}
          </a>
        )}
      </div>
      {quotes.length > 0 && (
        <ul class="quotes">
          {quotes.map((q) => (
            <li key={`${q.sessionId}-${q.t}-${q.text}`}>
              <a href={momentLink(q)}>“{q.text}”</a>
              <span class="muted">
                {" "}
                — {q.author ? `${q.author} on ${q.participant}` : q.participant}
                {q.t !== undefined ? ` at ${clock(q.t)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FrictionList({ items, studyId, study }: { items: FrictionItem[]; studyId: string; study: Study }) {
  if (items.length === 0) return <Empty title="No friction found yet" />;
  const taskNo = (id: string) => study.tasks.findIndex((t) => t.id === id) + 1;
  return (
    <div class="table-wrap">
      <table class="friction-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Problem</th>
            <th scope="col">Where</th>
            <th scope="col">Participants</th>
            <th scope="col">Severity</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 20).map((f) => (
            <tr key={`${f.taskId}-${f.stepId}-${f.source}-${f.kind}`}>
              <td>{f.rank}</td>
              <td>
                <a
                  href={sessionsLink(
                    studyId,
                    f.source === "signal"
                      ? { task: f.taskId, signal: f.kind }
                      : { task: f.taskId, annotated: true },
                  )}
                >
                  {humanize(f.kind)}
                </a>{" "}
                <span class="muted">
                  {f.source === "signal" ? "detected" : "tagged"} · {f.occurrences}×
                </span>
              </td>
              <td>
                Task {taskNo(f.taskId)} · {f.stepName ?? "outside the journey"}
              </td>
              <td>
                {f.participants} ({percent(f.frequency)})
              </td>
              <td>{f.severity}</td>
              <td>
                <strong>{f.score}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TaskMap({ task, study }: { task: TaskReport; study: Study }) {
  return (
    <section class="card task-map" aria-labelledby={`map-${task.taskId}`} data-task={task.taskId}>
      <h3 id={`map-${task.taskId}`}>{task.title}</h3>
      <p class="stats">
        <span>
          {task.participants} {task.participants === 1 ? "participant" : "participants"}
        </span>
        <span>
          Success{" "}
          {task.successRate
            ? `${percent(task.successRate.rate)} (95 % CI ${percent(task.successRate.low)}–${percent(task.successRate.high)})`
            : "—"}
        </span>
        <span>Time on task {duration(task.timeOnTaskMs?.median)}</span>
        <span>
          SEQ {task.seq.mean !== undefined ? `${task.seq.mean.toFixed(1)} / 7 (${task.seq.responses})` : "—"}
        </span>
        <span>Expected path {task.followedExpectedPath}</span>
      </p>
      {task.steps.length === 0 ? (
        <p class="muted">This task has no journey steps.</p>
      ) : (
        <div class="map-scroll">
          <div
            class="map"
            style={{ gridTemplateColumns: `repeat(${task.steps.length}, minmax(11rem, 1fr))` }}
          >
            {stageBands(task.steps).map((b, i) => (
              <div
                key={`${b.stage}-${i}`}
                class={`stage-band stage-${b.stage || "none"}`}
                style={{ gridColumn: `span ${b.span}` }}
              >
                {b.stage || "no stage"}
              </div>
            ))}
            {task.steps.map((s) => (
              <StepColumn key={s.stepId} step={s} task={task} studyId={study.id} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

export function JourneyMap({ study }: { study: Study }) {
  const app = useApp();
  const report = useLoad<StudyReport>(() => app.api.report(study.id), [app, study.id]);
  const [busy, setBusy] = useState(false);
  const download = async (format: "csv" | "md") => {
    try {
      const blob = await app.api.reportFile(study.id, format);
      downloadBlob(blob, `${study.name.replace(/\W+/g, "-")}-journey-map.${format}`);
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };
  const reanalyze = async () => {
    setBusy(true);
    try {
      await app.api.reanalyze(study.id);
      report.reload();
      app.notify("Sessions analysed again with the current thresholds.");
    } catch (err) {
      app.notify((err as Error).message, "error");
    } finally {
      setBusy(false);
    }
  };
  if (report.status === "error") {
    const missing =
      report.error instanceof ApiError &&
      (report.error.status === 405 ||
        (report.error.status === 404 && report.error.message.startsWith("Nothing at")));
    if (missing)
      return (
        <Empty title="The journey map is not available on this server">
          The report service is not installed here.
        </Empty>
      );
    return <ErrorState error={report.error} retry={report.reload} />;
  }
  if (!report.data) return <Loading what="the journey map" />;
  const r = report.data;
  return (
    <section class="stack">
      <div class="page-head">
        <p class="muted">
          {r.sessions.total} {r.sessions.total === 1 ? "session" : "sessions"} ({r.sessions.completed}{" "}
          completed, {r.sessions.analyzed} analysed)
          {r.sus ? ` · SUS ${r.sus.mean.toFixed(1)} (n ${r.sus.responses})` : ""}
        </p>
        <div class="actions">
          <button type="button" class="small" onClick={() => download("csv")}>
            Export CSV
          </button>
          <button type="button" class="small" onClick={() => download("md")}>
            Export Markdown
          </button>
          <button type="button" class="small" onClick={reanalyze} disabled={busy}>
            {busy ? "Analysing…" : "Analyse again"}
          </button>
        </div>
      </div>
      {r.sessions.total === 0 && (
        <Empty title="No sessions yet">The journey map fills in as participants take part.</Empty>
      )}
      {r.sessions.total > 0 && r.tasks.map((t) => <TaskMap key={t.taskId} task={t} study={study} />)}
      {r.sessions.total > 0 && (
        <div class="card">
          <h3>What to fix first</h3>
          <p class="muted">Score = share of participants affected × severity (0–4).</p>
          <FrictionList items={r.friction} studyId={study.id} study={study} />
        </div>
      )}
    </section>
  );
}
