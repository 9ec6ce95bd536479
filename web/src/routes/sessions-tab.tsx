import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { OUTCOMES, SIGNAL_KINDS, type Study } from "../api/types";
import { dateTime, duration, humanize, OUTCOME_LABELS } from "../components/format";
import { Empty, ErrorState, Loading, OutcomeBadge, StatusBadge } from "../components/ui";
import { useApp } from "../state/context";
import {
  filterSessions,
  filtersFromQuery,
  filtersToQuery,
  type SessionFilters,
} from "../state/session-filter";
import { useLoad } from "../state/use-load";
import { FilterSummary } from "./filter-summary";

const val = (e: Event) => (e.target as HTMLSelectElement).value;

export function SessionsTab({ study }: { study: Study }) {
  const app = useApp();
  const { query, path, route } = useLocation();
  const filters = filtersFromQuery(query);
  const list = useLoad(() => app.api.listSessions(study.id), [app, study.id]);
  const [erasing, setErasing] = useState<string | null>(null);
  const all = list.data?.items ?? [];
  const shown = filterSessions(all, filters);
  const setFilter = (f: SessionFilters) => route(`${path}${filtersToQuery(f)}`, true);

  const erase = async (id: string) => {
    try {
      await app.api.deleteSession(id);
      app.notify("The session and its recording were erased.");
      setErasing(null);
      list.reload();
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };

  return (
    <section>
      <form class="filters" aria-label="Filter sessions" onSubmit={(e) => e.preventDefault()}>
        <label>
          Task
          <select
            value={filters.task ?? ""}
            onChange={(e) => setFilter({ ...filters, task: val(e) || undefined })}
          >
            <option value="">Any task</option>
            {study.tasks.map((t, i) => (
              <option key={t.id} value={t.id}>
                {i + 1}. {t.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select
            value={filters.outcome ?? ""}
            onChange={(e) => setFilter({ ...filters, outcome: val(e) || undefined })}
          >
            <option value="">Any outcome</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
            <option value="not_finished">Not finished</option>
          </select>
        </label>
        <label>
          Signal
          <select
            value={filters.signal ?? ""}
            onChange={(e) => setFilter({ ...filters, signal: val(e) || undefined })}
          >
            <option value="">Any or none</option>
            {SIGNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={!!filters.annotated}
            onChange={(e) =>
              setFilter({ ...filters, annotated: (e.target as HTMLInputElement).checked || undefined })
            }
          />
          Has annotations
        </label>
        <label>
          In the journey map
          <select
            value={filters.standing ?? ""}
            onChange={(e) =>
              setFilter({ ...filters, standing: (val(e) || undefined) as SessionFilters["standing"] })
            }
          >
            <option value="">All sessions</option>
            <option value="counted">Counted in the map</option>
            <option value="in_progress">Still in progress</option>
            <option value="not_started">Not started (consent only)</option>
          </select>
        </label>
      </form>
      <FilterSummary study={study} filters={filters} shown={shown.length} onClear={() => setFilter({})} />
      {list.status === "loading" && !list.data && <Loading what="sessions" />}
      {list.status === "error" && <ErrorState error={list.error} retry={list.reload} />}
      {list.data && all.length === 0 && (
        <Empty title="No sessions yet">
          <p>
            Sessions appear here as participants take part.{" "}
            <a href={`/studies/${study.id}/invites`}>Invite participants</a>
          </p>
        </Empty>
      )}
      {list.data && all.length > 0 && shown.length === 0 && (
        <Empty title="No session matches these filters">
          <button type="button" onClick={() => setFilter({})}>
            Clear filters
          </button>
        </Empty>
      )}
      {shown.length > 0 && (
        <div class="table-wrap">
          <table class="sessions">
            <caption class="sr-only">Sessions of {study.name}</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                {study.tasks.map((t, i) => (
                  <th scope="col" key={t.id} title={t.title}>
                    Task {i + 1}
                  </th>
                ))}
                <th scope="col">Signals</th>
                <th scope="col">Notes</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => {
                const signals = Object.entries(s.signalCounts).filter(([, n]) => n);
                return (
                  <tr key={s.id}>
                    <th scope="row" class="participant-cell">
                      <a href={`/sessions/${s.id}`}>{s.participantLabel}</a>
                      {s.status !== "completed" && <StatusBadge status={s.status} />}
                      {s.standing !== "counted" && (
                        <span class="badge pending" title="Not counted in the journey map">
                          {s.standing === "not_started" ? "not started" : "not in the map yet"}
                        </span>
                      )}
                    </th>
                    <td data-label="Started">{dateTime(s.startedAt)}</td>
                    <td data-label="Duration">{duration(s.durationMs)}</td>
                    {study.tasks.map((t) => {
                      const o = s.outcomes[t.id];
                      const answer = s.seqAnswers?.[t.id];
                      return (
                        <td key={t.id} data-label={`Task ${study.tasks.indexOf(t) + 1}`}>
                          {o ? <OutcomeBadge outcome={o} /> : <span class="muted">—</span>}
                          {answer !== undefined && (
                            <span class="seq" title="Single Ease Question, 1–7">
                              SEQ {answer}
                            </span>
                          )}
                        </td>
                      );
                    })}
                    <td data-label="Signals">
                      {signals.length === 0 && <span class="muted">none</span>}
                      {signals.map(([k, n]) => (
                        <span class={`chip sig-${k}`} key={k} title={humanize(k)}>
                          {humanize(k)} {n}
                        </span>
                      ))}
                    </td>
                    <td data-label="Notes">{s.annotationCount || <span class="muted">0</span>}</td>
                    <td class="actions-cell">
                      <div class="cell-actions">
                        {erasing === s.id ? (
                          <span>
                            <button type="button" class="small danger" onClick={() => erase(s.id)}>
                              Erase for good
                            </button>
                            <button type="button" class="small" onClick={() => setErasing(null)}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            class="small"
                            onClick={() => setErasing(s.id)}
                            aria-label={`Erase ${s.participantLabel}'s session`}
                          >
                            Erase…
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
