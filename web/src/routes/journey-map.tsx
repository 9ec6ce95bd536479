import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { Proportion, ReportFreshness, StoredReport, Study, TaskReport } from "../api/types";
import { dateTime, downloadBlob, duration, OUTCOME_LABELS, percent, plural } from "../components/format";
import { FrictionList, ReviewerNotes, StepColumn, stageBands } from "../components/journey-parts";
import { Empty, ErrorState, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { type MapNumber, sessionsHref, studyNumbers, taskNumbers } from "../state/journey-links";
import { useLoad } from "../state/use-load";

function Rate({ label, rate }: { label: string; rate: Proportion | undefined }) {
  return (
    <span>
      {label}{" "}
      {rate
        ? `${percent(rate.rate)} (${rate.successes} of ${rate.n}; 95 % CI ${percent(rate.low)}–${percent(rate.high)})`
        : "— (no finished attempts)"}
    </span>
  );
}

function TaskMap({ task, study }: { task: TaskReport; study: Study }) {
  const n = taskNumbers(task);
  const href = (x: MapNumber) => sessionsHref(study.id, x);
  return (
    <section class="card task-map" aria-labelledby={`map-${task.taskId}`} data-task={task.taskId}>
      <h3 id={`map-${task.taskId}`}>{task.title}</h3>
      <p class="stats">
        <span>
          <a href={href(n.participants)} data-testid="participants">
            {plural(n.participants.count, "participant")}
          </a>
        </span>
        {task.hasSuccessRule ? (
          <>
            <Rate label="Success (rule met)" rate={task.successRate} />
            <Rate label="Success or said done" rate={task.successOrClaimedRate} />
          </>
        ) : (
          <Rate label="Success (said done; no success rule)" rate={task.successRate} />
        )}
        <span>Time on task (median) {duration(task.timeOnTaskMs?.median)}</span>
        <span>
          SEQ{" "}
          {task.seq.mean !== undefined
            ? `${task.seq.mean.toFixed(1)} of 7 (${plural(task.seq.responses, "answer")})`
            : "—"}
        </span>
        <span>
          Expected path{" "}
          <a href={href(n.followed)} data-testid="followed">
            {n.followed.count}
          </a>{" "}
          of {plural(task.participants, "participant")}
        </span>
      </p>
      <p class="outcomes">
        {n.outcomes
          .filter((o) => o.n.count > 0)
          .map((o) => (
            <a
              key={o.outcome}
              class={`badge ${o.outcome}`}
              href={href(o.n)}
              data-testid={`outcome-${o.outcome}`}
            >
              {OUTCOME_LABELS[o.outcome]} {o.n.count}
            </a>
          ))}
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
      {task.reviewerNotes.length > 0 && <ReviewerNotes notes={task.reviewerNotes} />}
    </section>
  );
}

/** How often a map that is being rebuilt is read again. */
const REREAD_MS = 3000;

/** When the stored map was built, and whether a newer one is on its way. */
function Freshness({ freshness }: { freshness: ReportFreshness }) {
  return (
    <p class="muted small" data-testid="map-freshness">
      Built {dateTime(freshness.builtAt)} from {plural(freshness.sessionsCounted, "analysed session")}
      {freshness.rebuilding ? " · updating with the latest changes…" : ""}
    </p>
  );
}

export function JourneyMap({ study }: { study: Study }) {
  const app = useApp();
  const report = useLoad<StoredReport>(() => app.api.report(study.id), [app, study.id]);
  // The worker keeps the map built; while it rebuilds, read it again every few seconds.
  const rebuilding = report.status === "ready" && report.data?.freshness.rebuilding;
  useEffect(() => {
    if (!rebuilding) return;
    const timer = setTimeout(report.reload, REREAD_MS);
    return () => clearTimeout(timer);
  }, [rebuilding, report.reload]);
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
        app.notify(
          job.error
            ? `The reanalysis failed: ${job.error}`
            : `The reanalysis could not analyse ${plural(job.progress?.failed ?? 0, "session")}; they are tried again.`,
          "error",
        );
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
  const top = studyNumbers(r);
  return (
    <section class="stack">
      <div class="page-head">
        <p class="muted" data-testid="map-sessions">
          <a href={sessionsHref(study.id, top.counted)}>{plural(top.counted.count, "session")}</a> in the map
          {r.sessions.inProgress > 0 && (
            <>
              {" · "}
              <a href={sessionsHref(study.id, top.inProgress)}>{top.inProgress.count} still in progress</a>{" "}
              (left out until analysed)
            </>
          )}
          {r.sessions.notStarted > 0 && (
            <>
              {" · "}
              <a href={sessionsHref(study.id, top.notStarted)}>{top.notStarted.count} not started</a> (consent
              only)
            </>
          )}
          {r.sus ? ` · SUS ${r.sus.mean.toFixed(1)} of 100 (${plural(r.sus.responses, "answer")})` : ""}
        </p>
        <Freshness freshness={r.freshness} />
        <div class="actions">
          {r.friction.length > 0 && (
            <button
              type="button"
              class="small primary"
              onClick={() => document.getElementById("fix-first")?.scrollIntoView({ block: "start" })}
            >
              What to fix first ↓
            </button>
          )}
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
      {r.sessions.total > 0 && r.sessions.counted === 0 && (
        <Empty title="No session to count yet">
          Sessions count here once they are over and analysed; those still in progress are left out.
        </Empty>
      )}
      {r.sessions.counted > 0 && r.tasks.map((t) => <TaskMap key={t.taskId} task={t} study={study} />)}
      {r.sessions.counted > 0 && (
        <div class="card" id="fix-first">
          <h3>What to fix first</h3>
          <p class="muted">Score = share of participants affected × severity (0–4).</p>
          <FrictionList items={r.friction} studyId={study.id} study={study} />
        </div>
      )}
    </section>
  );
}
