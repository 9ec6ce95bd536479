import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { Study } from "../api/types";
import { CopyButton, ErrorState, Loading, StatusBadge } from "../components/ui";
import { useApp } from "../state/context";
import { useLoad } from "../state/use-load";
import { ClipsTab } from "./clips-tab";
import { InvitesTab } from "./invites-tab";
import { JourneyMap } from "./journey-map";
import { PathsTab } from "./paths-tab";
import { SessionsTab } from "./sessions-tab";

const TABS = [
  { id: "sessions", label: "Sessions" },
  { id: "map", label: "Journey map" },
  { id: "paths", label: "Paths" },
  { id: "clips", label: "Clips & reels" },
  { id: "invites", label: "Invites" },
  { id: "setup", label: "Setup" },
] as const;

function SetupTab({ study }: { study: Study }) {
  const app = useApp();
  const { route } = useLocation();
  const [confirming, setConfirming] = useState(false);
  const snippet = `<script src="${location.origin}/recorder.js" defer></script>`;
  const remove = async () => {
    try {
      const job = await app.api.waitForJob((await app.api.deleteStudy(study.id)).id);
      if (job.status === "failed")
        throw new Error(`The study could not be erased: ${job.error ?? "unknown error"}`);
      app.notify(`“${study.name}” and all its sessions were deleted.`);
      route("/");
    } catch (err) {
      app.notify((err as Error).message, "error");
    }
  };
  return (
    <section class="stack">
      <div class="card">
        <h2>Recorder snippet</h2>
        <p class="muted">
          Add it to every page of {study.origins.join(", ")}. It records nothing for ordinary visitors, only
          for invited participants who gave consent.
        </p>
        <div class="snippet">
          <code data-testid="snippet">{snippet}</code>
          <CopyButton text={snippet} label="Copy snippet" />
        </div>
      </div>
      <div class="card">
        <div class="page-head">
          <h2>Tasks and journeys</h2>
          <a class="button" href={`/studies/${study.id}/edit`}>
            Edit study
          </a>
        </div>
        <ol class="task-summary">
          {study.tasks.map((t) => (
            <li key={t.id}>
              <strong>{t.title}</strong>
              <p class="muted">{t.instructions}</p>
              <ol class="journey">
                {t.steps.map((s) => (
                  <li key={s.id} class={`stage-${s.stage ?? "none"}`}>
                    {s.name}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </div>
      <div class="card danger-zone">
        <h2>Delete the study</h2>
        <p class="muted">
          Deletes its invites, every session and recording, and all annotations. This cannot be undone.
        </p>
        {confirming ? (
          <div class="actions">
            <button type="button" class="danger" onClick={remove}>
              Yes, delete everything
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete study…
          </button>
        )}
      </div>
    </section>
  );
}

export function StudyPage() {
  const app = useApp();
  const { params } = useRoute();
  const id = params.id ?? "";
  const tab = TABS.find((t) => t.id === params.tab)?.id ?? "sessions";
  const study = useLoad(() => app.api.getStudy(id), [app, id]);

  if (study.status === "error")
    return (
      <main class="page">
        <ErrorState error={study.error} retry={study.reload} />
      </main>
    );
  if (!study.data)
    return (
      <main class="page">
        <Loading what="the study" />
      </main>
    );
  const s = study.data;
  return (
    <main class="page">
      <p class="crumbs">
        <a href="/">← Studies</a>
      </p>
      <div class="page-head">
        <h1>{s.name}</h1>
        <StatusBadge status={s.status} />
      </div>
      {s.description && <p class="muted lead">{s.description}</p>}
      <nav class="tabs" aria-label="Study sections">
        {TABS.map((t) => (
          <a key={t.id} href={`/studies/${id}/${t.id}`} aria-current={t.id === tab ? "page" : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === "sessions" && <SessionsTab study={s} />}
      {tab === "map" && <JourneyMap study={s} />}
      {tab === "paths" && <PathsTab study={s} />}
      {tab === "clips" && <ClipsTab study={s} />}
      {tab === "invites" && <InvitesTab study={s} />}
      {tab === "setup" && <SetupTab study={s} />}
    </main>
  );
}
