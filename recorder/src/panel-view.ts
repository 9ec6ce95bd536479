/**
 * The task panel's markup, from its model: pure (a string from data), so what the
 * participant sees in each state is testable without a browser. The DOM side is task-panel.ts.
 */
import type { PanelModel } from "./panel-state";

export interface PanelViewTask {
  title: string;
  instructions: string;
  timeLimitSec?: number;
  question: "seq" | "none";
}

export interface PanelView {
  model: PanelModel;
  tasks: readonly PanelViewTask[];
  /** The SUS statements (empty when the study does not ask). */
  susItems: readonly string[];
  /** Seconds left of a running task with a time limit. */
  secondsLeft?: number;
}

/** Marks the panel's host and the container inside its shadow root: rrweb blocks both. */
export const PANEL_MARK = "data-fm-panel";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

export const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

const button = (act: string, label: string, attrs = "", cls = "") =>
  `<button type="button"${cls ? ` class="${cls}"` : ""} data-act="${act}" ${attrs}>${label}</button>`;

function header(title: string): string {
  return `<div class="hd"><span class="m">${title}</span>${button("minimize", "Minimize", 'data-fm="panel-minimize" aria-label="Minimize the study panel"', "l")}</div>`;
}

function taskHeader(v: PanelView): string {
  const n = v.tasks.length;
  return header(`Task ${Math.min(v.model.saved.taskIndex + 1, n)} of ${n}`);
}

function report(v: PanelView): string {
  if (!v.model.ui.reporting)
    return `<p>${button("report-open", "Report a problem", 'data-fm="report-open"', "l")}</p>`;
  return `<label class="f">What went wrong?<textarea data-fm="report-text" maxlength="2000">${esc(v.model.ui.reportText)}</textarea></label>
<div class="r">${button("report-send", "Send", 'data-fm="report-send"', "a")}${button("report-cancel", "Cancel", 'data-fm="report-cancel"')}</div>`;
}

function seqQuestion(v: PanelView): string {
  const chosen = v.model.saved.seq;
  const buttons = [1, 2, 3, 4, 5, 6, 7]
    .map((n) => button("seq", String(n), `data-n="${n}" data-fm="seq-${n}" aria-pressed="${chosen === n}"`))
    .join("");
  return `<p id="seq-q">Overall, how difficult or easy was this task?</p>
<div class="s" role="group" aria-labelledby="seq-q">${buttons}</div>
<div class="r m ends"><span>1 = very difficult</span><span>7 = very easy</span></div>`;
}

function intro(v: PanelView): string {
  const task = v.tasks[v.model.saved.taskIndex];
  const limit = task?.timeLimitSec
    ? `<p class="m">You have ${Math.round(task.timeLimitSec / 60) || 1} min.</p>`
    : "";
  return `${taskHeader(v)}<div class="bd"><h2>${esc(task?.title ?? "")}</h2><p>${esc(task?.instructions ?? "")}</p>${limit}</div>
<div class="ft r">${button("start", "Start", 'data-fm="task-start"', "a")}</div>`;
}

function running(v: PanelView): string {
  const task = v.tasks[v.model.saved.taskIndex];
  const left =
    v.secondsLeft !== undefined
      ? `<p class="m">Time left: <span class="t">${clock(v.secondsLeft)}</span></p>`
      : "";
  return `${taskHeader(v)}<div class="bd"><h2>${esc(task?.title ?? "")}</h2><p>${esc(task?.instructions ?? "")}</p>${left}${report(v)}</div>
<div class="ft r">${button("done", "I'm done", 'data-fm="task-done"', "a")}${button("give-up", "I'm stuck / give up", 'data-fm="task-giveup"')}</div>`;
}

function post(v: PanelView): string {
  const { saved } = v.model;
  const task = v.tasks[saved.taskIndex];
  const timeUp = saved.outcome === "timed_out" ? `<p class="m">The time for this task is up.</p>` : "";
  const last = saved.taskIndex + 1 >= v.tasks.length;
  return `${taskHeader(v)}<div class="bd"><h2>Thank you</h2>${timeUp}${task?.question === "seq" ? seqQuestion(v) : ""}
<label class="f">Anything to add? (optional)<textarea data-fm="task-comment" maxlength="2000">${esc(saved.comment ?? "")}</textarea></label></div>
<div class="ft r">${button("next", last ? "Continue" : "Next task", 'data-fm="task-next"', "a")}</div>`;
}

function sus(v: PanelView): string {
  const answers = v.model.saved.sus ?? [];
  const missing = new Set(v.model.ui.missing);
  const items = v.susItems
    .map((text, i) => {
      const q = i + 1;
      const buttons = [1, 2, 3, 4, 5]
        .map((a) =>
          button(
            "sus",
            String(a),
            `data-q="${q}" data-a="${a}" data-fm="sus-${q}-${a}" aria-pressed="${answers[i] === a}"`,
          ),
        )
        .join("");
      return `<li class="q${missing.has(q) ? " miss" : ""}" data-item="${q}"><p id="sus-${q}">${q}. ${esc(text)}</p><div class="u" role="group" aria-labelledby="sus-${q}">${buttons}</div></li>`;
    })
    .join("");
  const list = [...missing];
  const warn = list.length
    ? `<p class="w" role="alert" data-fm="sus-missing">Please answer ${list.length === 1 ? "statement" : "statements"} ${joinWords(list.map(String))}.</p>`
    : "";
  return `${header("Last step")}<div class="hd2"><h2>A few last questions</h2><p class="m">1 = strongly disagree, 5 = strongly agree</p></div>
<div class="bd"><ol class="qs">${items}</ol></div>
<div class="ft">${warn}<div class="r">${button("sus-submit", "Finish", 'data-fm="sus-submit"', "a")}</div></div>`;
}

const joinWords = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;

function done(): string {
  return `<div class="bd"><h2>Thank you!</h2><p>You have finished the study. You can close this tab.</p></div>`;
}

/** The collapsed panel: one small button that opens it again (with the clock, if any). */
function collapsed(v: PanelView): string {
  const { saved } = v.model;
  const what = saved.phase === "sus" ? "Questions" : `Task ${saved.taskIndex + 1}`;
  const left = v.secondsLeft !== undefined ? ` · <span class="t">${clock(v.secondsLeft)}</span>` : "";
  return button(
    "expand",
    `${what}${left} ▴`,
    'data-fm="panel-expand" aria-label="Show the study panel"',
    "a",
  );
}

/** The inner markup of the panel (inside its shadow root, after the style sheet). */
export function panelHtml(v: PanelView): string {
  const { saved, ui } = v.model;
  if (saved.collapsed && saved.phase !== "done")
    return `<div class="p c" role="region" aria-label="Study task">${collapsed(v)}</div>`;
  const notice = ui.notice ? `<p class="m n" role="status">${esc(ui.notice)}</p>` : "";
  const content =
    saved.phase === "intro"
      ? intro(v)
      : saved.phase === "running"
        ? running(v)
        : saved.phase === "post"
          ? post(v)
          : saved.phase === "sus"
            ? sus(v)
            : done();
  const wide = saved.phase === "sus" ? " wide" : "";
  return `<div class="p${wide}" role="dialog" aria-label="Study task">${content}${notice}</div>`;
}
