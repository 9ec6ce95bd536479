import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Annotation, SessionDetail, Signal, Study } from "../api/types";
import { AnnotationForm, type FormSeed } from "../components/annotation-form";
import { clock, dateTime, humanize } from "../components/format";
import { MomentsList, signalSeed } from "../components/moments-list";
import { Timeline } from "../components/timeline";
import { ErrorState, Loading } from "../components/ui";
import { Player } from "../replay/player";
import {
  moments as buildMoments,
  segments as buildSegments,
  type Moment,
  nextMoment,
  previousMoment,
  stepAt,
} from "../replay/timeline-math";
import { SHORTCUTS, useShortcuts } from "../replay/use-shortcuts";
import { useApp } from "../state/context";

const SPEEDS = [1, 2, 4, 8];

/** One session: the replay, its journey timeline, the moments list and tagging. */
export function Replay() {
  const app = useApp();
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? "";
  const [session, setSession] = useState<SessionDetail | null>(null);
  const [study, setStudy] = useState<Study | undefined>();
  const [error, setError] = useState<Error | null>(null);
  const [ready, setReady] = useState(false);
  const [progress, setProgress] = useState<{ loaded: number; done: boolean }>({ loaded: 0, done: false });
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [skip, setSkip] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState<{ seed: FormSeed; editing: Annotation | null } | null>(null);
  const [rangeStart, setRangeStart] = useState<number | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);

  useEffect(() => {
    let cancelled = false;
    setSession(null);
    setReady(false);
    app.api
      .getSession(id)
      .then(async (s) => {
        if (cancelled) return;
        setSession(s);
        setStudy(await app.api.getStudy(s.studyId));
      })
      .catch((err: Error) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [app, id]);

  // The recording starts loading at once, beside the session's details.
  useEffect(() => {
    if (!stage.current) return;
    const p = new Player(stage.current, app.api, id, {
      onFirstFrame: () => setReady(true),
      onProgress: (loaded, done) => setProgress({ loaded, done }),
      onFinish: () => setPlaying(false),
    });
    player.current = p;
    const startAt = Number(query.t) || 0;
    p.open(startAt).catch((err: Error) => setError(err));
    setTime(startAt);
    // The displayed time follows the player (about ten updates a second while it plays).
    let raf = 0;
    let shown = startAt;
    const tick = () => {
      const t = p.currentTime();
      if (Math.abs(t - shown) >= 100 || (t !== shown && !p.isPlaying)) {
        shown = t;
        setTime(t);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      p.destroy();
      player.current = null;
    };
  }, [app, id]);

  const durationMs =
    session?.recording.firstTs != null && session.recording.lastTs != null
      ? session.recording.lastTs - session.recording.firstTs
      : (session?.durationMs ?? 0);
  const segs = useMemo(
    () => buildSegments(session?.stepVisits ?? [], study, durationMs),
    [session, study, durationMs],
  );
  const list = useMemo(
    () =>
      session
        ? buildMoments(
            session.signals,
            session.feedback,
            session.annotations,
            session.recording.firstTs,
            durationMs,
            humanize,
          )
        : [],
    [session, durationMs],
  );

  const seek = (t: number) => player.current?.seek(Math.max(0, Math.min(t, durationMs)));
  const select = (m: Moment) => {
    setSelected(m.id);
    seek(m.t);
    if (m.kind === "annotation") setForm({ seed: { t: m.t }, editing: m.source as Annotation });
  };
  const togglePlay = () => {
    const p = player.current;
    if (!p) return;
    p.toggle();
    setPlaying(p.isPlaying);
  };
  const tagNow = () => {
    player.current?.pause();
    setPlaying(false);
    const t = Math.round(time);
    const seed =
      rangeStart !== null
        ? { t: Math.round(Math.min(rangeStart, t)), tEnd: Math.round(Math.max(rangeStart, t)) }
        : { t };
    setRangeStart(null);
    setForm({ seed, editing: null });
  };
  const annotateSignal = (s: Signal) => {
    player.current?.pause();
    setPlaying(false);
    setSelected(s.id);
    seek(s.t);
    setForm({ seed: signalSeed(s), editing: null });
  };
  const jump = (m: Moment | undefined) => m && select(m);

  useShortcuts({
    Space: togglePlay,
    ArrowLeft: () => seek((player.current?.currentTime() ?? time) - 5000),
    ArrowRight: () => seek((player.current?.currentTime() ?? time) + 5000),
    j: () => jump(nextMoment(list, time)),
    k: () => jump(previousMoment(list, time)),
    t: tagNow,
    r: () => (rangeStart === null ? setRangeStart(Math.round(time)) : tagNow()),
    a: () => {
      const m = list.find((x) => x.id === selected);
      if (m?.kind === "signal") annotateSignal(m.source as Signal);
    },
    Escape: () => {
      setForm(null);
      setRangeStart(null);
    },
  });

  const saved = (a: Annotation) => {
    if (!session) return;
    const others = session.annotations.filter((x) => x.id !== a.id);
    setSession({ ...session, annotations: [...others, a] });
    setSelected(a.id);
    setForm(null);
    app.notify(form?.editing ? "Annotation saved." : "Annotation added.");
  };
  const deleted = (annotationId: string) => {
    if (!session) return;
    setSession({ ...session, annotations: session.annotations.filter((x) => x.id !== annotationId) });
    setForm(null);
    app.notify("Annotation deleted.");
  };

  if (error)
    return (
      <main class="page">
        <ErrorState error={error} />
      </main>
    );
  const currentStep = session && stepAt(session.stepVisits, time);
  const stepName = study?.tasks.flatMap((t) => t.steps).find((s) => s.id === currentStep?.stepId)?.name;
  return (
    <main class="replay-page">
      <div class="replay-head">
        <p class="crumbs">
          <a href={session ? `/studies/${session.studyId}/sessions` : "/"}>← {study?.name ?? "Sessions"}</a>
        </p>
        <h1>{session ? session.participantLabel : "Session"}</h1>
        {session && (
          <span class="muted">
            {dateTime(session.startedAt)} · {clock(durationMs)}
          </span>
        )}
      </div>
      <div class="replay-grid">
        <section class="player-col" aria-label="Replay">
          <div class="stage" ref={stage} data-testid="stage" data-complete={progress.done ? "true" : "false"}>
            {!ready && <Loading what="the recording" />}
          </div>
          <div class="controls" role="toolbar" aria-label="Playback">
            <button
              type="button"
              class="primary play"
              onClick={togglePlay}
              disabled={!ready}
              aria-label={playing ? "Pause" : "Play"}
            >
              {playing ? "❚❚ Pause" : "▶ Play"}
            </button>
            <span class="time" aria-live="off" data-testid="current-time" data-ms={Math.round(time)}>
              {clock(time)} / {clock(durationMs)}
            </span>
            <label class="inline-label">
              Speed
              <select
                value={String(speed)}
                onChange={(e) => {
                  const v = Number((e.target as HTMLSelectElement).value);
                  setSpeed(v);
                  player.current?.setSpeed(v);
                }}
              >
                {SPEEDS.map((s) => (
                  <option key={s} value={String(s)}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={skip}
                onChange={(e) => {
                  const v = (e.target as HTMLInputElement).checked;
                  setSkip(v);
                  player.current?.setSkipInactive(v);
                }}
              />
              Skip inactivity
            </label>
            <span class="muted step-now">{stepName ? `Step: ${stepName}` : ""}</span>
            <button type="button" onClick={tagNow} disabled={!session} class="push-right">
              {rangeStart !== null ? `Tag ${clock(rangeStart)}–${clock(time)}` : "Tag moment"} <kbd>t</kbd>
            </button>
          </div>
          {ready && !progress.done && (
            <p class="muted small-print" role="status">
              Loading the rest of the recording: {progress.loaded} of {session?.recording.chunkCount ?? "…"}{" "}
              parts
            </p>
          )}
          <Timeline
            study={study}
            durationMs={durationMs}
            time={time}
            segments={segs}
            moments={list}
            selectedId={selected}
            range={
              rangeStart !== null ? { t: Math.min(rangeStart, time), tEnd: Math.max(rangeStart, time) } : null
            }
            onSeek={seek}
            onSelect={select}
          />
          <details class="shortcuts">
            <summary>Keyboard shortcuts</summary>
            <dl>
              {SHORTCUTS.map(([k, what]) => (
                <div key={k}>
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </details>
        </section>
        <aside class="side-col" aria-label="Moments and tagging">
          {form && session && study && (
            <AnnotationForm
              key={`${form.editing?.id ?? "new"}-${form.seed.t}`}
              study={study}
              sessionId={session.id}
              visits={session.stepVisits}
              seed={form.seed}
              editing={form.editing}
              onSaved={saved}
              onDeleted={deleted}
              onCancel={() => setForm(null)}
            />
          )}
          <h2 class="side-title">
            Moments <span class="muted">({list.length})</span>
          </h2>
          {session ? (
            <MomentsList
              moments={list}
              study={study}
              selectedId={selected}
              onSelect={select}
              onAnnotateSignal={annotateSignal}
            />
          ) : (
            <Loading what="the session" />
          )}
        </aside>
      </div>
    </main>
  );
}
