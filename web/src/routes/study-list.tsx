import { dateTime, plural } from "../components/format";
import { Empty, ErrorState, Loading, StatusBadge } from "../components/ui";
import { useApi } from "../state/context";
import { useLoad } from "../state/use-load";

export function StudyList() {
  const api = useApi();
  const studies = useLoad(() => api.listStudies(), [api]);
  return (
    <main class="page">
      <div class="page-head">
        <h1>Studies</h1>
        <a class="button primary" href="/studies/new">
          New study
        </a>
      </div>
      {studies.status === "loading" && !studies.data && <Loading what="studies" />}
      {studies.status === "error" && <ErrorState error={studies.error} retry={studies.reload} />}
      {studies.data && studies.data.items.length === 0 && (
        <Empty title="No studies yet">
          <p>
            A study is one usability test: the site, the tasks, and the journey you expect people to take.
          </p>
          <a class="button primary" href="/studies/new">
            Create the first study
          </a>
        </Empty>
      )}
      {studies.data && studies.data.items.length > 0 && (
        <ul class="study-list">
          {studies.data.items.map((s) => (
            <li key={s.id}>
              <a href={`/studies/${s.id}`} class="study-card">
                <span class="study-name">{s.name}</span>
                <StatusBadge status={s.status} />
                <span class="muted">
                  {plural(s.taskCount, "task")} ·{" "}
                  <span data-testid="session-count">{plural(s.sessionCount, "session")}</span> · changed{" "}
                  {dateTime(s.updatedAt)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
