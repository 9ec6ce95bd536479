import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { Study, StudyReport, TaskReport } from "../api/types";
import { downloadBlob, duration, percent } from "../components/format";
import { FrictionList, StepColumn, stageBands } from "../components/journey-parts";
import { Empty, ErrorState, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { useLoad } from "../state/use-load";

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
      const job = await app.api.waitForJob((await app.api.reanalyze(study.id)).id);
      report.reload();
      if (job.status === "failed")
        app.notify(`The reanalysis failed: ${job.error ?? "unknown error"}`, "error");
      else app.notify("Sessions analysed again with the current thresholds.");
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
