import type { Study, TaskPaths } from "../api/types";
import { plural } from "../components/format";
import { PathFlow } from "../components/path-flow";
import { Empty, ErrorState, Loading } from "../components/ui";
import { useApp } from "../state/context";
import { type MapNumber, sessionsHref } from "../state/journey-links";
import { useLoad } from "../state/use-load";

const routeNumber = (task: TaskPaths, r: TaskPaths["routes"][number]): MapNumber => ({
  count: r.count,
  filters: { standing: "counted", task: task.taskId, route: r.places.join(">") },
});

function TaskFlow({ task, studyId }: { task: TaskPaths; studyId: string }) {
  return (
    <section class="card task-paths" data-task={task.taskId} aria-labelledby={`paths-${task.taskId}`}>
      <h3 id={`paths-${task.taskId}`}>{task.title}</h3>
      <p class="muted">
        {plural(task.attempts, "attempt")} · expected path: {task.expected.map((e) => e.label).join(" → ")}.
        Blue bands follow the expected path; every band's number opens the sessions that made that move.
      </p>
      {task.attempts === 0 ? (
        <p class="muted">No analysed attempt of this task yet.</p>
      ) : (
        <>
          <PathFlow task={task} studyId={studyId} />
          <h4>Whole paths</h4>
          <ol class="routes">
            {task.routes.map((r) => (
              <li key={r.places.join(">")} class={r.expected ? "expected" : ""}>
                <a href={sessionsHref(studyId, routeNumber(task, r))} data-testid="route-count">
                  {plural(r.count, "attempt")}
                </a>{" "}
                <span>{r.labels.join(" → ")}</span>
                {r.expected && <span class="badge success">expected path</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The paths people took through each task, against the expected path. */
export function PathsTab({ study }: { study: Study }) {
  const app = useApp();
  const paths = useLoad(() => app.api.paths(study.id), [app, study.id]);
  if (paths.status === "error") return <ErrorState error={paths.error} retry={paths.reload} />;
  if (!paths.data) return <Loading what="the paths" />;
  const { tasks } = paths.data;
  if (tasks.every((t) => t.attempts === 0))
    return <Empty title="No paths yet">Paths appear once sessions are over and analysed.</Empty>;
  return (
    <section class="stack">
      {tasks.map((t) => (
        <TaskFlow key={t.taskId} task={t} studyId={study.id} />
      ))}
    </section>
  );
}
