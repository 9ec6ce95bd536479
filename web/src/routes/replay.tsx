import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Annotation, SessionDetail, Signal, Study } from "../api/types";
import { AnnotationForm, type FormSeed } from "../components/annotation-form";
import { ClipForm, type ClipSeed, clipOfMoment, clipOfVisit, clipSeedAt } from "../components/clip-form";
import { byteSize, clock, dateTime } from "../components/format";
import { MomentsList, signalSeed } from "../components/moments-list";
import { PlayerControls, ShortcutHelp } from "../components/player-controls";
import { Timeline } from "../components/timeline";
import { ErrorState, Loading } from "../components/ui";
import { copyMomentLink, type Moment, nextMoment, previousMoment } from "../replay/moments";
import { recordingLength, useSessionStory } from "../replay/session-story";
import { clamp, stepAt, visitAt } from "../replay/timeline-math";
import { usePlayer } from "../replay/use-player";
import { useShortcuts } from "../replay/use-shortcuts";
import { useApp } from "../state/context";

/** One session: the replay, its journey timeline, the moments list and tagging. */
export function Replay() {
  const app = useApp();
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? "";
  const [session, setSession] = useState<SessionDetail | null>(null);
  const [study, setStudy] = useState<Study | undefined>();
  const [error, setError] = useState<Error | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState<{ seed: FormSeed; editing: Annotation | null } | null>(null);
  const [rangeStart, setRangeStart] = useState<number | null>(null);
  const [clip, setClip] = useState<{ seed: ClipSeed; key: number } | null>(null);
  const [clipRange, setClipRange] = useState<{ start: number; end: number } | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const p = usePlayer(app.api, id, stage, Math.max(0, Number(query.t) || 0), setError);

  useEffect(() => {
    let cancelled = false;
    setSession(null);
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

  const durationMs = recordingLength(session);
  // The playhead as shown: never past the recording's end (rrweb's clock overshoots when it
  // skips an idle end at high speed).
  const time = durationMs > 0 ? clamp(p.time, 0, durationMs) : Math.max(0, p.time);
  const { segs, tasks, list } = useSessionStory(session, study, durationMs);

  const seek = (t: number) => p.seek(Math.max(0, Math.min(t, durationMs)));
  const select = (m: Moment) => {
    setSelected(m.id);
    seek(m.t);
    if (m.kind === "annotation") setForm({ seed: { t: m.t }, editing: m.source as Annotation });
  };
  const copyLink = (t: number) => copyMomentLink(app, id, t);
  const tagNow = () => {
    p.pause();
    const t = Math.round(time);
    const seed =
      rangeStart !== null
        ? { t: Math.round(Math.min(rangeStart, t)), tEnd: Math.round(Math.max(rangeStart, t)) }
        : { t };
    setRangeStart(null);
    setForm({ seed, editing: null });
  };
  const annotateSignal = (s: Signal) => {
    p.pause();
    setSelected(s.id);
    seek(s.t);
    setForm({ seed: signalSeed(s), editing: null });
  };
  const jump = (m: Moment | undefined) => m && select(m);
  const openClip = (seed: ClipSeed) => {
    p.pause();
    setForm(null);
    setClip({ seed, key: Date.now() });
  };
  const clipMoment = (m: Moment) => {
    setSelected(m.id);
    seek(m.t);
    openClip(clipOfMoment(m, durationMs));
  };
  const clipNow = () =>
    openClip(clipSeedAt(time, durationMs, `Moment at ${clock(time)}`, { source: { kind: "manual" } }));
  const clipVisit = () => {
    const v = session && visitAt(session.stepVisits, time);
    if (!v) return clipNow();
    const name = study?.tasks.flatMap((t) => t.steps).find((s) => s.id === v.stepId)?.name ?? "Step";
    openClip(clipOfVisit(v, name, durationMs));
  };

  useShortcuts({
    Space: p.togglePlay,
    ArrowLeft: () => seek((p.player.current?.currentTime() ?? time) - 5000),
    ArrowRight: () => seek((p.player.current?.currentTime() ?? time) + 5000),
    j: () => jump(nextMoment(list, time)),
    k: () => jump(previousMoment(list, time)),
    t: tagNow,
    r: () => (rangeStart === null ? setRangeStart(Math.round(time)) : tagNow()),
    a: () => {
      const m = list.find((x) => x.id === selected);
      if (m?.kind === "signal") annotateSignal(m.source as Signal);
    },
    c: clipNow,
    Escape: () => {
      setForm(null);
      setClip(null);
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
            {dateTime(session.startedAt)} · {clock(durationMs)} ·{" "}
            <span title="What this recording occupies in storage now" data-testid="stored-bytes">
              {byteSize(session.storedBytes)} stored
            </span>
          </span>
        )}
      </div>
      <div class="replay-grid">
        <section class="player-col" aria-label="Replay">
          <div
            class="stage"
            ref={stage}
            data-testid="stage"
            data-complete={p.progress.done ? "true" : "false"}
          >
            {!p.ready && <Loading what="the recording" />}
          </div>
          <PlayerControls
            p={p}
            time={time}
            durationMs={durationMs}
            stepName={stepName}
            rangeStart={rangeStart}
            canTag={!!session}
            onTag={tagNow}
            onCopyLink={() => copyLink(time)}
          />
          {p.ready && !p.progress.done && (
            <p class="muted small-print" role="status">
              Loading the rest of the recording: {p.progress.loaded} of {session?.recording.chunkCount ?? "…"}{" "}
              parts
            </p>
          )}
          <Timeline
            study={study}
            durationMs={durationMs}
            time={time}
            segments={segs}
            tasks={tasks}
            moments={list}
            selectedId={selected}
            range={
              clip && clipRange
                ? { t: clipRange.start, tEnd: clipRange.end }
                : rangeStart !== null
                  ? { t: Math.min(rangeStart, time), tEnd: Math.max(rangeStart, time) }
                  : null
            }
            onSeek={seek}
            onSelect={select}
          />
          <div class="clip-actions">
            <button type="button" class="small" onClick={clipNow} disabled={!session} data-testid="clip-now">
              Clip from here <kbd>c</kbd>
            </button>
            <button type="button" class="small" onClick={clipVisit} disabled={!session || !currentStep}>
              Clip this step visit
            </button>
          </div>
          <ShortcutHelp />
        </section>
        <aside class="side-col" aria-label="Moments and tagging">
          {clip && session && (
            <ClipForm
              key={clip.key}
              sessionId={session.id}
              durationMs={durationMs}
              seed={clip.seed}
              now={() => p.player.current?.currentTime() ?? time}
              onRange={setClipRange}
              onSaved={() => app.notify("Clip saved.")}
              onCancel={() => {
                setClip(null);
                setClipRange(null);
              }}
            />
          )}
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
              onClip={clipMoment}
              onCopyLink={(m) => copyLink(m.t)}
            />
          ) : (
            <Loading what="the session" />
          )}
        </aside>
      </div>
    </main>
  );
}
