import type { ParticipantTask } from "@frictionmap/protocol";
import type { PanelState } from "./session-state";

const CSS = `
:host{all:initial}
.p{position:fixed;right:16px;bottom:16px;z-index:2147483647;width:340px;max-height:calc(100vh - 32px);overflow:auto;
background:#fff;color:#1d2433;border:1px solid #d5dae5;border-radius:12px;box-shadow:0 10px 30px rgba(20,30,60,.18);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:14px 16px}
.p.c{width:auto;padding:8px 12px}
h2{font-size:15px;margin:0 0 6px}p{margin:6px 0}.m{color:#5b6474;font-size:12px}
.r{display:flex;gap:8px;flex-wrap:wrap;margin-top:10px;align-items:center}
button{font:inherit;border-radius:8px;padding:7px 12px;cursor:pointer;border:1px solid #3b5bdb;background:#fff;color:#3b5bdb}
button.a{background:#3b5bdb;color:#fff}button.l{border:0;padding:2px 0;background:none;text-decoration:underline;font-size:12px;color:#5b6474}
button[aria-pressed=true]{background:#3b5bdb;color:#fff}
.s{display:grid;grid-template-columns:repeat(7,1fr);gap:4px}.s button{padding:6px 0}
.u{display:grid;grid-template-columns:repeat(5,1fr);gap:4px;margin-bottom:8px}.u button{padding:4px 0}
textarea{width:100%;box-sizing:border-box;font:inherit;border:1px solid #d5dae5;border-radius:8px;padding:6px;min-height:54px}
.t{font-variant-numeric:tabular-nums;font-weight:600}
`;

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

export interface PanelView {
  state: PanelState;
  tasks: ParticipantTask[];
  /** The SUS statements, from the API (empty when the study does not ask). */
  susItems: readonly string[];
  /** Seconds left for a running task with a time limit. */
  secondsLeft?: number;
  reporting?: boolean;
  notice?: string;
}

function header(v: PanelView): string {
  const n = v.tasks.length;
  return `<div class="r" style="margin:0 0 6px;justify-content:space-between"><span class="m">Task ${Math.min(v.state.taskIndex + 1, n)} of ${n}</span><button class="l" data-act="collapse" aria-label="Minimize">Minimize</button></div>`;
}

function body(v: PanelView): string {
  const task = v.tasks[v.state.taskIndex];
  const report = v.reporting
    ? `<p><label>What went wrong?<textarea data-fm="report-text" maxlength="2000"></textarea></label></p><div class="r"><button class="a" data-act="report-send" data-fm="report-send">Send</button><button data-act="report-cancel">Cancel</button></div>`
    : `<div class="r"><button class="l" data-act="report" data-fm="report-open">Report a problem</button></div>`;
  switch (v.state.phase) {
    case "intro":
      return `${header(v)}<h2>${esc(task?.title ?? "")}</h2><p>${esc(task?.instructions ?? "")}</p>${
        task?.timeLimitSec ? `<p class="m">You have ${Math.round(task.timeLimitSec / 60) || 1} min.</p>` : ""
      }<div class="r"><button class="a" data-act="start" data-fm="task-start">Start</button></div>`;
    case "running":
      return `${header(v)}<h2>${esc(task?.title ?? "")}</h2><p>${esc(task?.instructions ?? "")}</p>${
        v.secondsLeft !== undefined
          ? `<p class="m">Time left: <span class="t">${Math.floor(v.secondsLeft / 60)}:${String(v.secondsLeft % 60).padStart(2, "0")}</span></p>`
          : ""
      }<div class="r"><button class="a" data-act="done" data-fm="task-done">I'm done</button><button data-act="giveup" data-fm="task-giveup">I'm stuck / give up</button></div>${report}`;
    case "post":
      return `${header(v)}<h2>${v.state.succeeded ? "Task complete" : "Task ended"}</h2>${
        task?.question === "seq"
          ? `<p>Overall, how difficult or easy was this task?</p><div class="s" role="group" aria-label="1 very difficult, 7 very easy">${[
              1, 2, 3, 4, 5, 6, 7,
            ]
              .map(
                (n) =>
                  `<button data-act="seq" data-n="${n}" data-fm="seq-${n}" aria-pressed="false">${n}</button>`,
              )
              .join(
                "",
              )}</div><div class="r m" style="justify-content:space-between;margin-top:2px"><span>Very difficult</span><span>Very easy</span></div>`
          : ""
      }<p><label>Anything to add? (optional)<textarea data-fm="task-comment" maxlength="2000">${esc(v.state.comment ?? "")}</textarea></label></p><div class="r"><button class="a" data-act="next" data-fm="task-next">${
        v.state.taskIndex + 1 < v.tasks.length ? "Next task" : "Continue"
      }</button></div>`;
    case "sus":
      return `<h2>A few last questions</h2><p class="m">1 = strongly disagree, 5 = strongly agree</p>${v.susItems
        .map(
          (q, i) =>
            `<p>${i + 1}. ${esc(q)}</p><div class="u" role="group">${[1, 2, 3, 4, 5]
              .map(
                (a) =>
                  `<button data-act="sus" data-q="${i + 1}" data-a="${a}" data-fm="sus-${i + 1}-${a}" aria-pressed="false">${a}</button>`,
              )
              .join("")}</div>`,
        )
        .join(
          "",
        )}<div class="r"><button class="a" data-act="sus-submit" data-fm="sus-submit">Finish</button></div>`;
    case "done":
      return `<h2>Thank you!</h2><p>You have finished the study. You can close this tab.</p>`;
  }
}

/** The task panel: an open shadow root, so the site's CSS cannot reach it; never recorded. */
export class TaskPanel {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private susAnswers: (number | undefined)[] = new Array(10).fill(undefined);

  constructor(private readonly onAction: (action: string, data: Record<string, string | number>) => void) {
    this.host = document.createElement("div");
    this.host.setAttribute("data-fm-panel", "");
    this.root = this.host.attachShadow({ mode: "open" });
    this.root.addEventListener("click", (e) => this.click(e));
    this.root.addEventListener("input", (e) => {
      const el = e.target as HTMLElement;
      if (el.getAttribute("data-fm") === "task-comment") {
        this.onAction("comment", { comment: (el as HTMLTextAreaElement).value });
      }
    });
    document.documentElement.appendChild(this.host);
  }

  render(v: PanelView): void {
    if (v.state.collapsed) {
      this.root.innerHTML = `<style>${CSS}</style><div class="p c"><button class="a" data-act="expand">Study task ${v.state.taskIndex + 1} ▴</button></div>`;
      return;
    }
    const notice = v.notice ? `<p class="m" role="status">${esc(v.notice)}</p>` : "";
    this.root.innerHTML = `<style>${CSS}</style><div class="p" role="dialog" aria-label="Study task">${body(v)}${notice}</div>`;
    if (v.state.phase === "sus") this.susAnswers = new Array(10).fill(undefined);
  }

  /** Updates the countdown without re-rendering (keeps focus and typed text). */
  tick(secondsLeft: number): void {
    const el = this.root.querySelector(".t");
    if (el) el.textContent = `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, "0")}`;
  }

  private value(selector: string): string {
    return (this.root.querySelector(selector) as HTMLTextAreaElement | null)?.value.trim() ?? "";
  }

  private press(group: string, button: Element): void {
    for (const b of this.root.querySelectorAll(group)) b.setAttribute("aria-pressed", String(b === button));
  }

  private click(e: Event): void {
    const button = (e.target as Element).closest("button");
    const act = button?.getAttribute("data-act");
    if (!button || !act) return;
    if (act === "seq") {
      this.press('[data-act="seq"]', button);
      this.onAction("seq", { seq: Number(button.getAttribute("data-n")) });
      return;
    }
    if (act === "sus") {
      const q = Number(button.getAttribute("data-q"));
      this.susAnswers[q - 1] = Number(button.getAttribute("data-a"));
      this.press(`[data-q="${q}"]`, button);
      return;
    }
    if (act === "next") {
      this.onAction("next", { comment: this.value('[data-fm="task-comment"]') });
      return;
    }
    if (act === "sus-submit") {
      const missing = this.susAnswers.indexOf(undefined);
      if (missing >= 0) {
        this.root.querySelector(`[data-q="${missing + 1}"]`)?.scrollIntoView({ block: "center" });
        return;
      }
      this.onAction("sus-submit", Object.fromEntries(this.susAnswers.map((a, i) => [String(i), a ?? 0])));
      return;
    }
    if (act === "report-send") {
      this.onAction(act, { text: this.value('[data-fm="report-text"]') });
      return;
    }
    this.onAction(act, {});
  }
}
