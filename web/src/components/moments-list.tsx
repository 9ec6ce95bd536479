import { useEffect, useRef } from "preact/hooks";
import type { Signal, SignalKind, Study } from "../api/types";
import type { Moment } from "../replay/moments";
import { clock } from "./format";
import { memo } from "./memo";

/** The tag and severity a detected signal becomes when a reviewer confirms it in one key. */
export const SIGNAL_AS_TAG: Record<SignalKind, { tag: string; severity: number }> = {
  rage_click: { tag: "confusion", severity: 3 },
  dead_click: { tag: "bug", severity: 2 },
  error_click: { tag: "bug", severity: 3 },
  u_turn: { tag: "navigation", severity: 2 },
  thrashed_cursor: { tag: "confusion", severity: 1 },
  form_abandonment: { tag: "content", severity: 3 },
  hesitation: { tag: "confusion", severity: 1 },
  js_error: { tag: "bug", severity: 3 },
};

export function signalSeed(s: Signal) {
  const m = SIGNAL_AS_TAG[s.kind];
  const what = s.target?.text
    ? ` on “${s.target.text}”`
    : s.target?.selector
      ? ` on ${s.target.selector}`
      : "";
  return {
    t: s.t,
    tag: m.tag,
    severity: m.severity,
    signalId: s.id,
    note: `${s.kind.replace(/_/g, " ")}${what}`,
    ...(s.stepId ? { stepId: s.stepId } : {}),
  };
}

const KIND_LABEL = { task: "", signal: "Signal", feedback: "Participant", annotation: "Tag" } as const;

function MomentsListView({
  moments,
  study,
  selectedId,
  onSelect,
  onAnnotateSignal,
  onClip,
  onCopyLink,
}: {
  moments: Moment[];
  study: Study | undefined;
  selectedId: string | null;
  onSelect(m: Moment): void;
  onAnnotateSignal(s: Signal): void;
  /** Makes a clip around the moment. */
  onClip?(m: Moment): void;
  /** Copies a link that opens the replay at the moment. */
  onCopyLink(m: Moment): void;
}) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    list.current
      ?.querySelector(`[data-id="${CSS.escape(selectedId)}"]`)
      ?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);
  const stepName = (id?: string) => {
    if (!id || !study) return undefined;
    for (const t of study.tasks) for (const s of t.steps) if (s.id === id) return s.name;
    return undefined;
  };
  if (moments.length === 0) {
    return (
      <div class="moments empty-moments">
        <p class="muted">
          No moments yet. Tasks' starts and ends, detected signals, participants' problem reports and your
          tags appear here.
        </p>
        <p class="muted">
          Press <kbd>t</kbd> to tag the current moment.
        </p>
      </div>
    );
  }
  const annotatedSignals = new Set(
    moments.flatMap((m) =>
      m.kind === "annotation" && "signalId" in m.source && m.source.signalId ? [m.source.signalId] : [],
    ),
  );
  return (
    <ol class="moments" ref={list} aria-label="Moments">
      {moments.map((m) => {
        const step = stepName(m.stepId);
        // A task's start or end says "Task n" in its label already.
        const about = [
          m.kind === "task" ? "" : KIND_LABEL[m.kind],
          m.severity !== undefined ? `severity ${m.severity}` : "",
          step ?? "",
        ].filter(Boolean);
        return (
          <li
            key={`${m.kind}-${m.id}`}
            data-id={m.id}
            data-outcome={m.outcome}
            class={`moment ${m.kind}${selectedId === m.id ? " selected" : ""}`}
          >
            <button
              type="button"
              class="moment-main"
              onClick={() => onSelect(m)}
              aria-current={selectedId === m.id ? "true" : undefined}
            >
              <span class="moment-time">
                {clock(m.t)}
                {m.tEnd !== undefined && (
                  <>
                    –<wbr />
                    {clock(m.tEnd)}
                  </>
                )}
              </span>
              <span
                class={`dot ${m.kind}${m.severity !== undefined ? ` sev-${m.severity}` : ""}${m.outcome ? ` outcome-${m.outcome}` : ""}`}
                aria-hidden="true"
              />
              <span class="moment-text">
                <strong>{m.label}</strong>
                {about.length > 0 && <span class="muted"> {about.join(" · ")}</span>}
                {m.detail && <span class="moment-detail">{m.detail}</span>}
                {m.quote && <q class="moment-quote">{m.quote}</q>}
              </span>
            </button>
            <div class="moment-actions">
              {m.kind === "signal" && !annotatedSignals.has(m.id) && (
                <button
                  type="button"
                  class="small"
                  onClick={() => onAnnotateSignal(m.source as Signal)}
                  title="Turn into an annotation (a)"
                >
                  Tag
                </button>
              )}
              <button
                type="button"
                class="small"
                onClick={() => onCopyLink(m)}
                title="Copy a link that opens the replay at this moment"
                data-testid="copy-moment-link"
              >
                Copy link
              </button>
              {onClip && (
                <button
                  type="button"
                  class="small"
                  onClick={() => onClip(m)}
                  title="Make a clip of this moment"
                  data-testid="clip-moment"
                >
                  Clip
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** The list re-renders only when the moments or the selection change, not as time passes. */
export const MomentsList = memo(
  MomentsListView,
  (a, b) => a.moments === b.moments && a.selectedId === b.selectedId && a.study === b.study,
);
