/**
 * The task panel's style sheet (inside its shadow root, so the site's CSS cannot reach it).
 * A column of header, scrolling body and footer: the heading and the main buttons stay in
 * view however tall the content is (the SUS questionnaire), from 1280×800 down to a phone.
 * Minimized it is a tab on the right edge, mid-height: away from the fixed bars (navigation,
 * checkout) that sites put at the top and bottom of the screen.
 */
export const PANEL_CSS = `
:host{all:initial}
.p{position:fixed;right:16px;bottom:16px;z-index:2147483647;box-sizing:border-box;display:flex;flex-direction:column;
width:360px;max-width:calc(100vw - 24px);max-height:calc(100vh - 32px);max-height:calc(100dvh - 32px);
background:#fff;color:#1d2433;border:1px solid #d5dae5;border-radius:12px;box-shadow:0 10px 30px rgba(20,30,60,.18);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}
.p.wide{width:480px}
.p.c{width:auto;padding:0;border:0;background:none;box-shadow:none;right:0;bottom:auto;top:50%;transform:translateY(-50%)}
.p.c button{border-radius:8px 0 0 8px;padding:10px 12px;box-shadow:0 6px 18px rgba(20,30,60,.25)}
.hd{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:10px 16px 0;flex:none}
.hd2{padding:0 16px;flex:none;border-bottom:1px solid #eef0f5}
.bd{padding:2px 16px 4px;overflow:auto;min-height:0;flex:1 1 auto;overscroll-behavior:contain}
.ft{padding:8px 16px 14px;flex:none}
.wide .ft{border-top:1px solid #eef0f5}
h2{font-size:16px;line-height:1.3;margin:4px 0 6px}p{margin:6px 0}.m{color:#5b6474;font-size:12px}
.n{padding:0 16px 10px;margin:0}
.r{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.ends{justify-content:space-between;margin-top:2px}
button{font:inherit;border-radius:8px;padding:8px 12px;min-height:36px;cursor:pointer;border:1px solid #3b5bdb;background:#fff;color:#3b5bdb}
button.a{background:#3b5bdb;color:#fff}
button.l{border:0;padding:2px 0;min-height:0;background:none;text-decoration:underline;font-size:12px;color:#5b6474}
.hd button.l{padding:6px 0 6px 16px;margin:-6px 0}
button[aria-pressed=true]{background:#3b5bdb;color:#fff;font-weight:600}
button:focus-visible{outline:3px solid #9db1ff;outline-offset:1px}
.s{display:grid;grid-template-columns:repeat(7,1fr);gap:4px}.s button{padding:6px 0}
.qs{list-style:none;margin:0;padding:0}
.q{padding:6px 8px;margin:0 -8px;border-radius:8px;border-left:3px solid transparent}
.q p{margin:2px 0 6px}
.q.miss{border-left-color:#c92a2a;background:#fff5f5}
.u{display:grid;grid-template-columns:repeat(5,1fr);gap:4px}.u button{padding:4px 0;min-height:32px}
.w{color:#c92a2a;font-weight:600;margin:0 0 8px}
.f{display:block;margin:8px 0 4px}
textarea{display:block;width:100%;box-sizing:border-box;font:inherit;border:1px solid #d5dae5;border-radius:8px;padding:6px;min-height:54px;margin-top:4px;resize:vertical}
.t{font-variant-numeric:tabular-nums;font-weight:600}
@media (max-width:520px){
.p{left:12px;right:12px;bottom:12px;width:auto;max-width:none;max-height:calc(100vh - 24px);max-height:calc(100dvh - 24px)}
.p.wide{width:auto}
.p.c{left:auto;right:0;bottom:auto}
}
`;
