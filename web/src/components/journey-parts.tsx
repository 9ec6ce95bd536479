import type { FrictionItem, Quote, StepReport, Study, TaskReport } from "../api/types";
import { filtersToQuery, type SessionFilters } from "../state/session-filter";
import { clock, duration, humanize, percent } from "./format";
import { Empty } from "./ui";

/** The pieces of the journey map: one step's column, and the ranked friction list. */

const sessionsLink = (studyId: string, f: SessionFilters) =>
  `/studies/${studyId}/sessions${filtersToQuery(f)}`;
const momentLink = (q: Quote) => `/sessions/${q.sessionId}${q.t !== undefined ? `?t=${q.t}` : ""}`;

/** Consecutive steps of the same stage, as one band over their columns. */
export function stageBands(steps: StepReport[]) {
  const bands: { stage: string; span: number }[] = [];
  for (const s of steps) {
    const stage = s.stage ?? "";
    const last = bands.at(-1);
    if (last && last.stage === stage) last.span++;
    else bands.push({ stage, span: 1 });
  }
  return bands;
}

export function StepColumn({ step, task, studyId }: { step: StepReport; task: TaskReport; studyId: string }) {
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

export function FrictionList({
  items,
  studyId,
  study,
}: {
  items: FrictionItem[];
  studyId: string;
  study: Study;
}) {
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
