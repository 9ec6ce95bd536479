import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { ClickMapGroup, MapPoint, StepClickMap, Study } from "../api/types";
import { clock, plural } from "../components/format";
import { Empty, ErrorState, Loading } from "../components/ui";
import { PagePicture } from "../replay/page-picture";
import { useApp } from "../state/context";
import { useLoad } from "../state/use-load";

const DEVICE_LABEL = { phone: "Phone", tablet: "Tablet", desktop: "Desktop" } as const;
const MARK_LABEL = { rage: "rage click", dead: "dead click", error: "error click" } as const;

const widths = (g: ClickMapGroup) =>
  g.maxWidth === null ? `${g.minWidth} px and wider` : `${g.minWidth}–${g.maxWidth} px`;
/** The mark a point is drawn with: an error over a rage click over a dead click. */
const kindOf = (p: MapPoint) =>
  (["error", "rage", "dead"] as const).find((m) => p.marks?.includes(m)) ?? "click";

interface Placed {
  point: MapPoint;
  x: number;
  y: number;
}

/** The clicks of one group drawn on the page rebuilt from its base recording. */
function Picture({ group }: { group: ClickMapGroup }) {
  const app = useApp();
  const stage = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{
    placed: Placed[];
    missed: number;
    scale: number;
    width: number;
    height: number;
  } | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (!stage.current) return;
    setState(null);
    setError(null);
    const picture = new PagePicture(stage.current, app.api);
    let cancelled = false;
    picture
      .open(group.base)
      .then(() => {
        if (cancelled) return;
        const placed: Placed[] = [];
        let missed = 0;
        for (const point of group.clicks) {
          const at = picture.locate(point, group.base);
          if (at) placed.push({ point, ...at });
          else missed++;
        }
        setState({ placed, missed, scale: picture.scale, width: picture.width, height: picture.height });
      })
      .catch((err: Error) => !cancelled && setError(err));
    return () => {
      cancelled = true;
      picture.destroy();
    };
  }, [app, group]);

  const r = 8 / (state?.scale ?? 1);
  return (
    <>
      <p class="muted" data-testid="click-map-base">
        The page as {group.base.participant} saw it at {clock(group.base.t)}, rebuilt from their recording
        {state ? ` · ${plural(state.placed.length, "click")} drawn` : ""}
        {state?.missed ? ` · ${state.missed} on elements this page does not show` : ""}
      </p>
      {error && <ErrorState error={error} />}
      {!state && !error && <Loading what="the page" />}
      <div class="picture-frame">
        <div class="picture-stage" ref={stage} />
        {state && (
          <div
            class="click-layer"
            style={{
              width: `${state.width}px`,
              height: `${state.height}px`,
              transform: `scale(${state.scale})`,
            }}
          >
            {state.placed.map(({ point, x, y }) => (
              <a
                key={`${point.sessionId}-${point.t}-${x}`}
                class={`click-dot ${kindOf(point)}`}
                href={`/sessions/${point.sessionId}?t=${Math.max(0, point.t - 1000)}`}
                style={{
                  left: `${x - r}px`,
                  top: `${y - r}px`,
                  width: `${2 * r}px`,
                  height: `${2 * r}px`,
                  borderWidth: `${2 / state.scale}px`,
                }}
                title={`${point.participant} at ${clock(point.t)}${point.marks ? ` · ${point.marks.map((m) => MARK_LABEL[m]).join(", ")}` : ""}: open the replay here`}
                data-testid="click-dot"
                data-session={point.sessionId}
                data-t={point.t}
                data-kind={kindOf(point)}
                data-x={Math.round(x)}
                data-y={Math.round(y)}
              >
                <span class="sr-only">
                  {point.participant} at {clock(point.t)}
                </span>
              </a>
            ))}
          </div>
        )}
      </div>
    </>
  );
}

function MapView({ map, study }: { map: StepClickMap; study: Study }) {
  const { query, route } = useLocation();
  // Unless asked, the group with the most clicks (desktop first on a tie).
  const busiest = [...map.groups].reverse().sort((a, b) => b.clicks.length - a.clicks.length)[0];
  const group = map.groups.find((g) => g.device === query.device) ?? busiest;
  const task = study.tasks.find((t) => t.id === map.taskId);
  const go = (q: Record<string, string>) =>
    route(
      `/studies/${study.id}/click-map?${new URLSearchParams({ task: map.taskId, step: map.stepId, ...q })}`,
    );
  return (
    <section class="stack">
      <div class="card click-map-head">
        <label>
          Step{" "}
          <select value={map.stepId} onChange={(e) => go({ step: (e.target as HTMLSelectElement).value })}>
            {task?.steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <nav class="tabs device-tabs" aria-label="Viewport">
          {map.groups.map((g) => (
            <a
              key={g.device}
              href={`/studies/${study.id}/click-map?${new URLSearchParams({ task: map.taskId, step: map.stepId, device: g.device })}`}
              aria-current={g === group ? "page" : undefined}
              data-testid={`device-${g.device}`}
            >
              {DEVICE_LABEL[g.device]} <span class="muted">({plural(g.clicks.length, "click")})</span>
            </a>
          ))}
        </nav>
      </div>
      {!group ? (
        <Empty title="No clicks on this step yet">
          Clicks appear once sessions that reached it are analysed.
        </Empty>
      ) : (
        <div class="card">
          <p class="legend">
            <strong>
              {DEVICE_LABEL[group.device]}, {widths(group)}:
            </strong>{" "}
            {plural(group.clicks.length, "click")} by {plural(group.sessions, "participant")} ·{" "}
            <span class="click-dot-key click" /> click · <span class="click-dot-key rage" />{" "}
            {group.marked.rage} rage · <span class="click-dot-key dead" /> {group.marked.dead} dead ·{" "}
            <span class="click-dot-key error" /> {group.marked.error} error. A point opens that moment of the
            replay.
          </p>
          <Picture group={group} />
        </div>
      )}
    </section>
  );
}

/** A journey step's click map: every participant's clicks on the page, by viewport width. */
export function ClickMap() {
  const app = useApp();
  const { params } = useRoute();
  const { query } = useLocation();
  const studyId = params.id ?? "";
  const study = useLoad(() => app.api.getStudy(studyId), [app, studyId]);
  const map = useLoad(
    () => app.api.clickMap(studyId, query.task ?? "", query.step ?? ""),
    [app, studyId, query.task, query.step],
  );
  const err = study.status === "error" ? study.error : map.status === "error" ? map.error : null;
  const task = study.data?.tasks.find((t) => t.id === query.task);
  return (
    <main class="page">
      <p class="crumbs">
        <a href={`/studies/${studyId}/map`}>← Journey map</a>
      </p>
      <h1>
        Click map{map.data ? `: ${map.data.stepName}` : ""}
        {task ? <span class="muted"> · {task.title}</span> : null}
      </h1>
      {err ? (
        <ErrorState error={err} retry={map.reload} />
      ) : !study.data || !map.data ? (
        <Loading what="the click map" />
      ) : (
        <MapView map={map.data} study={study.data} />
      )}
    </main>
  );
}
