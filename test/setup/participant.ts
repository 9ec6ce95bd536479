import type { Page } from "playwright-core";
import { expect } from "vitest";

export const SECRET_NAME = "Zelda Quasimodo";
export const SECRET_EMAIL = "zelda.q@private-mail.example";

/** Records every event the recorder emits, across page loads, via an exposed binding. */
export async function watchEmitted(page: Page) {
  // Written synchronously to the tab's sessionStorage, so nothing is lost when a page unloads
  // (a binding call from an unloading page may never arrive).
  await page.addInitScript(() => {
    (window as unknown as { frictionmapDebug: (e: unknown) => void }).frictionmapDebug = (e) => {
      const ev = e as { type: number; timestamp: number };
      const key = "fm-test:emitted";
      sessionStorage.setItem(key, `${sessionStorage.getItem(key) ?? ""}${ev.type}@${ev.timestamp},`);
    };
  });
  /** Every event emitted so far in this tab (read from the recorded site's origin). */
  return async () =>
    ((await page.evaluate(() => sessionStorage.getItem("fm-test:emitted"))) ?? "")
      .split(",")
      .filter(Boolean)
      .map((k) => {
        const [type, timestamp] = k.split("@");
        return { type: Number(type), timestamp: Number(timestamp) };
      });
}

/** Waits until the finished session's recorder has every chunk acknowledged and has let go. */
export async function waitForUploads(page: Page, timeoutMs = 30_000) {
  const settled = () =>
    !Object.keys(sessionStorage).some((k) => k.startsWith("frictionmap:pending:")) &&
    sessionStorage.getItem("frictionmap:state") === null;
  await page.waitForFunction(settled, undefined, {
    timeout: timeoutMs,
    polling: 200,
  });
}

/** A participant who does both demo tasks the expected way, typing into the quote form. */
export async function doDemoStudy(page: Page, inviteUrl: string) {
  await page.goto(inviteUrl);
  await page.click('[data-fm="consent-accept"]');
  await page.waitForSelector('[data-fm="task-start"]');
  expect(page.url()).not.toContain("#fm=");
  await page.click('[data-fm="task-start"]');
  await page.click("header >> text=Pricing");
  await page.waitForLoadState();
  await page.click("text=Business"); // client-side route: pushState
  await page.waitForSelector('[data-fm="seq-6"]');
  await page.click('[data-fm="seq-6"]');
  await page.fill('[data-fm="task-comment"]', "The prices were easy to find.");
  await page.click('[data-fm="task-next"]');
  await page.waitForURL((u) => u.pathname === "/");
  await page.click('[data-fm="task-start"]');
  await page.click("header >> text=Contact");
  await page.waitForLoadState();
  await page.fill('input[name="name"]', SECRET_NAME);
  await page.fill('input[name="email"]', SECRET_EMAIL);
  await page.selectOption('select[name="budget"]', { index: 2 });
  await page.click("#send");
  await page.waitForURL((u) => u.pathname === "/thanks");
  await page.waitForSelector('[data-fm="seq-5"]');
  await page.click('[data-fm="seq-5"]');
  await page.click('[data-fm="task-next"]');
  for (let q = 1; q <= 10; q++) await page.click(`[data-fm="sus-${q}-${q % 2 ? 4 : 2}"]`);
  await page.click('[data-fm="sus-submit"]');
  await page.waitForSelector("text=Thank you!");
}
