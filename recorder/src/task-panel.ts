/**
 * The task panel in the page: a host element with an open shadow root (the site's CSS cannot
 * reach it; browser tests reach its `[data-fm=…]` hooks). It renders the model it is given
 * and turns clicks and typing into panel actions; it decides nothing itself.
 *
 * It is never recorded: the host and the container of what is rendered carry PANEL_MARK,
 * which rrweb blocks (no event from inside reaches rrweb's observers, a re-render is not
 * serialized), and the recording's own-UI filter (own-ui-filter.ts) takes the host, and
 * anything rrweb sees under it, out of the stream.
 */
import type { PanelAction } from "./panel-state";
import { PANEL_CSS } from "./panel-styles";
import { clock, PANEL_MARK, type PanelView, panelHtml } from "./panel-view";

function actionOf(button: Element): PanelAction | undefined {
  const num = (name: string) => Number(button.getAttribute(name));
  switch (button.getAttribute("data-act")) {
    case "start":
      return { type: "start", at: Date.now() };
    case "done":
      return { type: "done" };
    case "give-up":
      return { type: "give-up" };
    case "seq":
      return { type: "seq", value: num("data-n") };
    case "next":
      return { type: "next" };
    case "sus":
      return { type: "sus-answer", question: num("data-q"), answer: num("data-a") };
    case "sus-submit":
      return { type: "sus-submit" };
    case "minimize":
      return { type: "minimize" };
    case "expand":
      return { type: "expand" };
    case "report-open":
      return { type: "report-open" };
    case "report-cancel":
      return { type: "report-cancel" };
    case "report-send":
      return { type: "report-send" };
    default:
      return undefined;
  }
}

export class TaskPanel {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  /** Holds what is rendered; the style sheet beside it is written once. */
  private readonly view: HTMLElement;

  constructor(private readonly dispatch: (action: PanelAction) => void) {
    this.host = document.createElement("div");
    this.host.setAttribute(PANEL_MARK, "");
    this.root = this.host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = PANEL_CSS;
    this.view = document.createElement("div");
    this.view.setAttribute(PANEL_MARK, "");
    this.root.append(style, this.view);
    this.root.addEventListener("click", (e) => {
      const button = (e.target as Element | null)?.closest?.("button");
      const action = button ? actionOf(button) : undefined;
      if (action) this.dispatch(action);
    });
    this.root.addEventListener("input", (e) => {
      const el = e.target as HTMLTextAreaElement;
      const hook = el.getAttribute?.("data-fm");
      if (hook === "task-comment") this.dispatch({ type: "comment", text: el.value });
      else if (hook === "report-text") this.dispatch({ type: "report-text", text: el.value });
    });
    document.documentElement.appendChild(this.host);
  }

  /** Whether an event came from inside the panel (the site's own listeners see the host). */
  contains(e: Event): boolean {
    return e.composedPath().includes(this.host);
  }

  render(v: PanelView): void {
    const focused = (this.root.activeElement as HTMLElement | null)?.getAttribute("data-fm");
    this.view.innerHTML = panelHtml(v);
    // Keep the keyboard where it was (Minimize → Show, an answer → the same group).
    if (focused) (this.root.querySelector(`[data-fm="${focused}"]`) as HTMLElement | null)?.focus();
  }

  /** Brings a SUS statement into view inside the panel. */
  reveal(question: number): void {
    const item = this.root.querySelector(`[data-item="${question}"]`);
    item?.scrollIntoView({ block: "nearest" });
    (item?.querySelector("button") as HTMLElement | null)?.focus({ preventScroll: true });
  }

  /** Updates the countdown in place: no re-render, so focus and typed text stay. */
  tick(secondsLeft: number): void {
    for (const el of this.root.querySelectorAll(".t")) el.textContent = clock(secondsLeft);
  }

  remove(): void {
    this.host.remove();
  }
}
