import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { CONSENT_TEXT_VERSION } from "../domain/participant";
import { sessionRetentionDays } from "../domain/retention";
import { type Study, studyPrivacy } from "../domain/study";
import type { AppEnv } from "../http/env";
import { lookUpInvite } from "../services/participation";

const INVITE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const STYLE = `
  :root { color-scheme: light; --ink:#1d2433; --muted:#5b6474; --accent:#3b5bdb; --line:#e3e7ef; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#f5f7fb; }
  main { max-width: 640px; margin: 48px auto; padding: 32px; background:#fff; border:1px solid var(--line); border-radius: 14px; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; } .lead { color: var(--muted); margin-top: 0; }
  h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  ul { padding-left: 1.2rem; margin: 0; } li { margin: .2rem 0; }
  .cols { display:grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .box { border:1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
  .actions { display:flex; gap: 12px; margin-top: 28px; align-items:center; flex-wrap: wrap; }
  button { font: inherit; border-radius: 8px; padding: 10px 18px; cursor: pointer; border: 1px solid var(--accent); }
  .primary { background: var(--accent); color: #fff; } .secondary { background:#fff; color: var(--accent); }
  .error { color:#b42318; min-height: 1.5em; } .small { color: var(--muted); font-size: .875rem; }
  @media (max-width: 560px) { main { margin: 0; border-radius: 0; } .cols { grid-template-columns: 1fr; } }
`;

function page(title: string, body: ReturnType<typeof html>, nonce: string) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style nonce="${nonce}">${raw(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
}

function consentPage(study: Study, token: string, nonce: string, keptDays: number) {
  const sites = study.origins.map((o) => new URL(o).host).join(", ");
  const privacy = studyPrivacy(study);
  return page(
    study.name,
    html`<h1>${study.name}</h1>
<p class="lead">You are invited to try ${study.tasks.length === 1 ? "a task" : `${study.tasks.length} tasks`} on ${sites}. It takes a few minutes.</p>
${study.description ? html`<p>${study.description}</p>` : ""}
<div class="cols">
  <div class="box"><h2>What is recorded</h2><ul>
    <li>The pages you visit on ${sites} during the study, as you see them${
      privacy.mode === "mask-all-text"
        ? html`, with their text hidden`
        : html`: their text, images and layout`
    }</li>
    <li>Mouse movements, clicks and scrolling</li>
    <li>Your answers and comments in the study panel</li></ul></div>
  <div class="box"><h2>What is not recorded</h2><ul>
    <li>What you type into the website's fields: it shows as ••• in the recording</li>
    <li>Search terms and other values in web addresses</li>
    ${privacy.maskSelectors.length > 0 ? html`<li>Parts of the pages the research team marked as private</li>` : ""}
    <li>Other websites and other tabs</li>
    <li>Your camera, microphone or screen outside the page</li>
    <li>Anything before you agree or after you finish</li></ul></div>
</div>
<p class="small" data-fm="retention">${
      keptDays === 1
        ? "The recording is kept for 1 day, then deleted."
        : `The recording is kept for ${keptDays} days, then deleted.`
    } Only the research team sees it. You can stop at any time by closing the tab, and you can ask the team to erase your session.</p>
<div class="actions">
  <button class="primary" data-fm="consent-accept" id="accept">I agree, start the study</button>
  <button class="secondary" id="decline">No thanks</button>
</div>
<p class="error" id="error" role="alert"></p>
<script nonce="${nonce}">
(() => {
  const error = document.getElementById("error");
  const accept = document.getElementById("accept");
  document.getElementById("decline").addEventListener("click", () => {
    document.querySelector("main").innerHTML = "<h1>No problem</h1><p class='lead'>Nothing was recorded. You can close this tab.</p>";
  });
  accept.addEventListener("click", async () => {
    accept.disabled = true; error.textContent = "";
    try {
      const res = await fetch(${raw(JSON.stringify(`/api/invites/${token}/accept`))}, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ consent: true, textVersion: ${raw(JSON.stringify(CONSENT_TEXT_VERSION))} }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error ? body.error.message : "Something went wrong");
      location.assign(body.redirect);
    } catch (e) {
      error.textContent = e.message + ". Please try again.";
      accept.disabled = false;
    }
  });
})();
</script>`,
    nonce,
  );
}

/** Mounted at /i: the invite link a participant opens. Reading it consumes nothing. */
export const invitePageRoutes = new Hono<AppEnv>().get("/:token", async (c) => {
  const nonce = randomBytes(16).toString("base64");
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  const token = c.req.param("token");
  const { study, refusal } = INVITE_TOKEN.test(token)
    ? await lookUpInvite(c.var.deps, token, c.var.deps.now())
    : {
        study: undefined,
        refusal: {
          code: "unknown",
          title: "This link does not work",
          message: "Check that you copied the whole link.",
        },
      };
  if (refusal || !study) {
    const r = refusal ?? { code: "unknown", title: "This link does not work", message: "" };
    const status = r.code === "unknown" ? 404 : 410;
    return c.html(
      page(
        r.title,
        html`<h1>${r.title}</h1><p class="lead" data-fm-refusal="${r.code}">${r.message}</p>`,
        nonce,
      ),
      status,
    );
  }
  // What the session will get: the study's retention class within the deployment's ceiling.
  const keptDays = sessionRetentionDays(study.retentionDays, c.var.deps.maxRetentionDays);
  return c.html(consentPage(study, token, nonce, keptDays));
});
