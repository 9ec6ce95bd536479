import "rrweb/dist/style.css";
import "./share.css";
import type { ClipSlice, SharedView } from "@frictionmap/protocol";
import { ClipPlayer } from "./clip-player";

const CARD_MS = 2500;

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fetchClip(index: number): Promise<ClipSlice> {
  const res = await fetch(`${location.pathname.replace(/\/+$/, "")}/clips/${index}`, { credentials: "omit" });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? "The clip could not be loaded.");
  return body as ClipSlice;
}

function start(view: SharedView, root: HTMLElement) {
  const stage = root.querySelector<HTMLElement>("[data-fm=share-stage]") as HTMLElement;
  const card = el("div", { class: "share-card", "data-fm": "share-card", hidden: "" });
  const controls = el("div", { class: "share-controls" });
  const play = el("button", { type: "button", class: "primary", "data-fm": "share-play" }, "Play");
  const progress = el("input", {
    type: "range",
    min: "0",
    max: "1000",
    value: "0",
    "aria-label": "Position in the clip",
  });
  const time = el("span", { class: "share-time", "data-fm": "share-time" }, "0:00");
  const counter = el("span", { class: "share-counter" });
  controls.append(play, progress, time, counter);
  root.append(card, controls);
  const clips = view.clips;
  const slices = new Map<number, Promise<ClipSlice>>();
  const slice = (i: number) => {
    if (!slices.has(i)) slices.set(i, fetchClip(i));
    return slices.get(i) as Promise<ClipSlice>;
  };
  let index = 0;
  let player: ClipPlayer | undefined;
  let run = 0;

  const setState = (state: string) => {
    root.dataset.fmState = state;
    root.dataset.fmClipIndex = String(index);
    play.textContent = state === "playing" ? "Pause" : state === "ended" ? "Play again" : "Play";
  };
  const showCard = (i: number) => {
    const c = clips[i];
    if (!c) return;
    card.replaceChildren(
      el("p", { class: "share-card-count" }, clips.length > 1 ? `Clip ${i + 1} of ${clips.length}` : "Clip"),
      el("h2", {}, c.title),
      el("p", { class: "share-card-meta" }, [c.participantLabel, c.task, c.step].filter(Boolean).join(" · ")),
      ...(c.tag ? [el("span", { class: "share-tag" }, c.tag)] : []),
      ...(c.note ? [el("p", { class: "share-card-note" }, c.note)] : []),
    );
    card.hidden = false;
  };
  const tick = (ms: number) => {
    const d = player?.duration ?? 0;
    time.textContent = `${clock(ms)} / ${clock(d)}`;
    root.dataset.fmTime = String(Math.round(ms));
    progress.value = String(d ? Math.round((ms / d) * 1000) : 0);
  };

  /** Loads clip i into the stage, paused at its start. */
  const load = async (i: number) => {
    index = i;
    counter.textContent = clips.length > 1 ? `Clip ${i + 1} of ${clips.length}` : "";
    const s = await slice(i);
    player?.destroy();
    stage.replaceChildren();
    player = new ClipPlayer(stage, s, { tick, end: () => void next() });
    tick(0);
    if (clips[i + 1]) void slice(i + 1);
  };

  /** Plays from clip i on: a title card, then the clip; at its end the next one. */
  const playFrom = async (i: number) => {
    const mine = ++run;
    index = i;
    setState("card");
    showCard(i);
    const loading = load(i);
    await Promise.all([loading, clips.length > 1 || i > 0 ? sleep(CARD_MS) : Promise.resolve()]);
    if (mine !== run) return;
    card.hidden = true;
    player?.play();
    setState("playing");
  };

  const next = async () => {
    if (index + 1 < clips.length) await playFrom(index + 1);
    else setState("ended");
  };

  play.addEventListener("click", () => {
    const state = root.dataset.fmState;
    if (state === "playing") {
      player?.pause();
      setState("paused");
    } else if (state === "paused") {
      player?.play();
      setState("playing");
    } else if (state === "ended") void playFrom(0);
    else if (state === "ready") {
      card.hidden = true;
      if (clips.length > 1) void playFrom(0);
      else {
        player?.play();
        setState("playing");
      }
    }
  });
  progress.addEventListener("input", () => {
    if (!player) return;
    player.seek((Number(progress.value) / 1000) * player.duration);
  });

  load(0)
    .then(() => {
      if (clips.length > 1) showCard(0);
      setState("ready");
    })
    .catch((err: Error) => {
      root.dataset.fmState = "error";
      card.replaceChildren(el("h2", {}, "This replay could not be loaded"), el("p", {}, err.message));
      card.hidden = false;
    });
}

const data = document.getElementById("fm-share-data");
const root = document.querySelector<HTMLElement>("[data-fm=share-player]");
if (data?.textContent && root) start(JSON.parse(data.textContent) as SharedView, root);
