import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CATALOG_BODY, CATALOG_CSS } from "./demo-catalog";

/**
 * A small services company's website to test, with the kinds of friction real sites have:
 * service cards that look clickable and are not, a "Get a quote" button-link that leads to
 * pricing instead of the form, a "Compare plans" button that throws, a pricing section
 * routed on the client (pushState), and a form error that is easy to miss. Beside it, a
 * heavy single-page catalogue (/catalog, demo-catalog.ts) for the recorder benchmark.
 */

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 Georgia,serif;color:#222;background:#fbfaf7}
header{display:flex;justify-content:space-between;align-items:center;padding:18px 40px;background:#17324d;color:#fff}
header a{color:#fff;margin-left:22px;text-decoration:none;font-family:system-ui,sans-serif}header .logo{font-weight:700;font-size:20px;margin:0}
main{max-width:960px;margin:0 auto;padding:40px}h1{font-size:40px;margin:.2em 0}
.btn{display:inline-block;background:#e0703a;color:#fff;padding:12px 22px;border-radius:6px;text-decoration:none;font-family:system-ui,sans-serif;border:0;font-size:16px;cursor:pointer}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:20px;margin:30px 0}
.card{background:#fff;border:1px solid #e4e0d8;border-radius:10px;padding:22px;cursor:pointer;transition:box-shadow .2s}
.card:hover{box-shadow:0 6px 18px rgba(0,0,0,.12)}.card h3{margin-top:0;color:#17324d}.more{color:#e0703a;font-family:system-ui,sans-serif}
.tabs a{margin-right:12px;font-family:system-ui,sans-serif}.plan{background:#fff;border:1px solid #e4e0d8;border-radius:10px;padding:22px;margin:16px 0}
form{display:grid;gap:14px;max-width:520px;font-family:system-ui,sans-serif}label{display:grid;gap:4px}
input,textarea,select{font:inherit;padding:9px;border:1px solid #bbb;border-radius:6px}
.hint{font-size:12px;color:#9a9a9a;min-height:1em}footer{padding:30px 40px;color:#777;font-size:14px}
${CATALOG_CSS}`;

function layout(title: string, body: string, snippet: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Brightpath Studio</title><style>${CSS}</style>${snippet}</head><body>
<header><p class="logo">Brightpath Studio</p><nav><a href="/">Home</a><a href="/services">Services</a><a href="/pricing">Pricing</a><a href="/contact">Contact</a></nav></header>
<main>${body}</main><footer>Brightpath Studio · 12 Harbour Lane · We build websites that work.</footer></body></html>`;
}

const PAGES: Record<string, { title: string; body: string }> = {
  "/": {
    title: "Home",
    body: `<h1>Websites that work for your business</h1><p>We design, build and look after websites for small companies: clear, fast and easy to find.</p>
<p><a class="btn" href="/services" id="hero-cta">See what we do</a></p>
<div class="cards"><div class="card"><h3>Clear design</h3><p>Pages your customers understand at a glance.</p></div>
<div class="card"><h3>Found on search</h3><p>People find you when they look for what you offer.</p></div>
<div class="card"><h3>Looked after</h3><p>Updates, backups and fixes, every month.</p></div></div>`,
  },
  "/services": {
    title: "Services",
    body: `<h1>Services</h1><p>Pick what you need; we will tailor it to you.</p>
<div class="cards"><div class="card" data-testid="card-design"><h3>Web design</h3><p>A new website, designed around your customers.</p><span class="more">Learn more →</span></div>
<div class="card" data-testid="card-seo"><h3>Search (SEO)</h3><p>Be found by the people looking for you.</p><span class="more">Learn more →</span></div>
<div class="card" data-testid="card-care"><h3>Care plans</h3><p>We keep your site safe and up to date.</p><span class="more">Learn more →</span></div></div>
<p><a class="btn" href="/pricing" id="services-quote">Get a quote</a></p>`,
  },
  "/pricing": {
    title: "Pricing",
    body: `<h1>Pricing</h1><p class="tabs"><a href="/pricing/starter" data-route>Starter</a><a href="/pricing/business" data-route>Business</a></p>
<div id="plan" class="plan"></div><p><button class="btn" id="compare">Compare plans</button></p>
<p>Need something else? <a href="/contact">Contact us for a quote</a>.</p>
<script>
const plans={starter:"<h3>Starter</h3><p>From €1,900: up to 5 pages, contact form, one round of changes.</p>",
business:"<h3 data-plan=business>Business</h3><p>From €4,800: up to 20 pages, blog, search set-up, three rounds of changes.</p>"};
function show(){const k=location.pathname.split("/")[2]||"starter";document.getElementById("plan").innerHTML=plans[k]||plans.starter;}
document.querySelectorAll("[data-route]").forEach(a=>a.addEventListener("click",e=>{e.preventDefault();history.pushState({},"",a.getAttribute("href"));show();}));
addEventListener("popstate",show);show();
document.getElementById("compare").addEventListener("click",()=>{const table=null;table.rows.forEach(()=>{});});
</script>`,
  },
  "/contact": {
    title: "Contact",
    body: `<h1>Ask for a quote</h1><p>Tell us about your project and we will reply within two working days.</p>
<form id="quote" novalidate><p class="hint" id="form-error" role="alert"></p>
<label>Your name<input name="name" autocomplete="name"></label>
<label>Email<input name="email" type="email" autocomplete="email"></label>
<label>Company<input name="company"></label>
<label>Budget<select name="budget"><option value="">Choose…</option><option>Under €2,000</option><option>€2,000–€5,000</option><option>Over €5,000</option></select></label>
<label>About your project<textarea name="message" rows="4"></textarea></label>
<button class="btn" type="submit" id="send">Send request</button></form>
<script>
document.getElementById("quote").addEventListener("submit",e=>{e.preventDefault();const f=e.target;
const ok=f.name.value.trim()&&/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(f.email.value)&&f.budget.value;
if(!ok){document.getElementById("form-error").textContent="Please check the highlighted fields.";return;}
if(window.frictionmap)window.frictionmap.track("quote_sent");setTimeout(()=>location.assign("/thanks"),150);});
</script>`,
  },
  "/catalog": { title: "Catalogue", body: CATALOG_BODY },
  "/thanks": {
    title: "Thank you",
    body: `<h1>Thank you!</h1><p>We received your request and will be in touch within two working days.</p><p><a href="/">Back to the home page</a></p>`,
  },
};

export function demoPage(path: string, platformUrl: string): string | undefined {
  const spa = ["/pricing", "/catalog"].find((prefix) => path.startsWith(prefix));
  const key = spa ?? (path.replace(/\/+$/, "") || "/");
  const page = PAGES[key];
  if (!page) return undefined;
  return layout(page.title, page.body, `<script src="${platformUrl}/recorder.js" defer></script>`);
}

/** Serves the demo site on loopback. */
export async function startDemoSite(
  port: number,
  platformUrl: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const html = req.method === "GET" ? demoPage(path, platformUrl) : undefined;
    res.writeHead(html ? 200 : 404, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(html ?? layout("Not found", "<h1>Page not found</h1>", ""));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
