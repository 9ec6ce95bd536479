import type { FrictionItem, ReviewerNote, StepReport, Study, TaskReport } from "../api/types";
import { frictionNumber, type MapNumber, sessionsHref, stepNumbers } from "../state/journey-links";
import { clock, duration, humanize, percent, plural } from "./format";
import { MakeReelButton } from "./make-reel-button";
import { Empty } from "./ui";

/** The pieces of the journey map: one step's column, and the ranked friction list. */

const momentLink = (q: { sessionId: string; t?: number }) =>
  `/sessions/${q.sessionId}${q.t !== undefined ? `?t=${Math.round(q.t)}` : ""}`;

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
  const quotes = step.participantWords.slice(0, 3);
  const n = stepNumbers(task, step);
  const href = (x: MapNumber) => sessionsHref(studyId, x);
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
            <a href={href(n.reached)} data-testid="reached">
              {n.reached.count}
            </a>
            <span class="muted"> of {plural(task.participants, "participant")}</span>
          </dd>
        </div>
        <div>
          <dt>Dropped here</dt>
          <dd class={step.droppedOff ? "bad" : ""}>
            <a
              href={href(n.dropped)}
              data-testid="dropped"
              title="Attempts that ended without success in this step"
            >
              {n.dropped.count}
            </a>
            <span class="muted"> {n.dropped.count === 1 ? "attempt" : "attempts"}</span>
          </dd>
        </div>
        <div>
          <dt
            title={
              step.endsTask
                ? "Every participant who reached this step ended the task in it: the time from arriving to the end"
                : "Time spent in this step per participant, all visits summed"
            }
          >
            {step.endsTask ? "Until the task ended (median)" : "Time here (median)"}
          </dt>
          <dd data-testid="dwell">
            {step.dwellMs ? duration(step.dwellMs.median) : <span class="muted">not timed</span>}
          </dd>
        </div>
      </dl>
      <div class="friction">
        {n.signals.length === 0 && step.annotations.count === 0 && <span class="muted">No friction</span>}
        {n.signals.map((x) => (
          <a
            key={x.kind}
            class={`chip sig-${x.kind}`}
            href={href(x.n)}
            title={`${humanize(x.kind)}: ${x.occurrences} detected, in ${plural(x.n.count, "session")}`}
            data-testid="step-signal"
          >
            {humanize(x.kind)} <strong>{x.n.count}</strong>
          </a>
        ))}
        {step.annotations.count > 0 && (
          <a class="tagged" href={href(n.annotated)} data-testid="annotated">
            Tagged in {plural(n.annotated.count, "session")}
            <span class="severity-bar" aria-hidden="true">
              {step.annotations.bySeverity.map((c, sev) =>
                c ? <span key={String(sev)} class={`sev sev-${sev}`} style={{ flexGrow: c }} /> : null,
              )}
            </span>
          </a>
        )}
        <a
          class="button small"
          href={`/studies/${studyId}/click-map?task=${task.taskId}&step=${step.stepId}`}
          data-testid="click-map-link"
        >
          Click map
        </a>
        {(n.signals.length > 0 || step.annotations.count > 0) && (
          <MakeReelButton
            studyId={studyId}
            pick={{ taskId: task.taskId, stepId: step.stepId }}
            label="Make a reel of this step"
          />
        )}
      </div>
      {quotes.length > 0 && (
        <ul class="quotes" aria-label="In their words">
          {quotes.map((q) => (
            <li key={`${q.sessionId}-${q.t}-${q.text}`}>
              <a href={momentLink(q)}>“{q.text}”</a>
              <span class="muted">
                {" "}
                — {q.participant}
                {q.t !== undefined ? ` at ${clock(q.t)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      {step.reviewerNotes.length > 0 && <ReviewerNotes notes={step.reviewerNotes} />}
    </div>
  );
}

/** Reviewers' notes: their own list, never shown as what participants said. */
export function ReviewerNotes({ notes }: { notes: ReviewerNote[] }) {
  return (
    <details class="reviewer-notes">
      <summary>Reviewer notes ({notes.length})</summary>
      <ul>
        {notes.map((r) => (
          <li key={r.annotationId}>
            <a href={momentLink(r)}>{r.text}</a>
            <span class="muted">
              {" "}
              — {r.author} on {r.participant} at {clock(r.t)}
              {r.tEnd !== undefined ? `–${clock(r.tEnd)}` : ""} · {r.tag}, severity {r.severity}
            </span>
          </li>
        ))}
      </ul>
    </details>
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
            <th scope="col">
              <span class="sr-only">Evidence</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 20).map((f) => (
            <tr key={`${f.taskId}-${f.stepId}-${f.source}-${f.kind}`}>
              <td>{f.rank}</td>
              <td>
                {humanize(f.kind)}{" "}
                <span class="muted">
                  {f.source === "signal" ? "detected" : "tagged"} · {f.occurrences}×
                </span>
              </td>
              <td>
                Task {taskNo(f.taskId)} · {f.stepName ?? "outside the journey"}
              </td>
              <td>
                <a href={sessionsHref(studyId, frictionNumber(f))} data-testid="friction-participants">
                  {f.participants}
                </a>{" "}
                <span class="muted">({percent(f.frequency)})</span>
              </td>
              <td>{f.severity}</td>
              <td>
                <strong>{f.score}</strong>
              </td>
              <td>
                <MakeReelButton
                  studyId={studyId}
                  pick={{
                    taskId: f.taskId,
                    ...(f.stepId ? { stepId: f.stepId } : {}),
                    source: f.source,
                    kind: f.kind,
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
