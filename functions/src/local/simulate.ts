/**
 * `npm run simulate -- --participants N`: headless Chromium participants go through the
 * demo study of a running local platform (`npm start`), each with its own behaviour, so a
 * new user sees a populated platform within a minute.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { loadLocalConfig } from "../config";
import { inviteUrl } from "../domain/invite";
import { launchChromium } from "./chromium";
import { parseArgs, run } from "./cli";
import { seededRandom } from "./seeded-random";

type Persona = (page: Page, rand: () => number) => Promise<void>;

const pause = (page: Page, ms: number) => page.waitForTimeout(ms);

async function moveAndClick(page: Page, selector: string, rand: () => number) {
  const box = await page.locator(selector).first().boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width * (0.3 + rand() * 0.4), box.y + box.height / 2, { steps: 8 });
  }
  await page.locator(selector).first().click();
}

async function answerSeq(page: Page, value: number, comment?: string) {
  await page.click(`[data-fm="seq-${value}"]`);
  if (comment) await page.fill('[data-fm="task-comment"]', comment);
  await page.click('[data-fm="task-next"]');
}

async function fillQuote(page: Page, email: string) {
  await page.fill('input[name="name"]', "Sam Example");
  await page.fill('input[name="email"]', email);
  await page.selectOption('select[name="budget"]', { index: 2 });
  await page.fill('textarea[name="message"]', "A new website for our bakery.");
}

const direct: Persona = async (page, rand) => {
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Pricing", rand);
  await moveAndClick(page, "text=Business", rand);
  await answerSeq(page, 6 + Math.round(rand()));
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Contact", rand);
  await fillQuote(page, "sam@example.com");
  await moveAndClick(page, "#send", rand);
  await page.waitForURL(/\/thanks/);
  await answerSeq(page, 6);
};

const wanderer: Persona = async (page, rand) => {
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Services", rand);
  await moveAndClick(page, '[data-testid="card-design"]', rand); // looks clickable, is not
  await pause(page, 2800);
  await moveAndClick(page, "#services-quote", rand); // "Get a quote" leads to pricing
  await page.goBack(); // U-turn
  await moveAndClick(page, "header >> text=Pricing", rand);
  await moveAndClick(page, "text=Starter", rand);
  await moveAndClick(page, "text=Business", rand);
  await answerSeq(page, 4, "I expected prices on the services page.");
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Contact", rand);
  await fillQuote(page, "sam@example"); // invalid: the error is easy to miss
  await moveAndClick(page, "#send", rand);
  await pause(page, 3000);
  await page.fill('input[name="email"]', "sam@example.com");
  await moveAndClick(page, "#send", rand);
  await page.waitForURL(/\/thanks/);
  await answerSeq(page, 3, "I did not see what was wrong with the form at first.");
};

const frustrated: Persona = async (page, rand) => {
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Services", rand);
  for (let i = 0; i < 4; i++) await page.click('[data-testid="card-seo"]', { delay: 20 }); // rage clicks
  await moveAndClick(page, "header >> text=Pricing", rand);
  await moveAndClick(page, "#compare", rand); // throws
  await moveAndClick(page, "#compare", rand);
  await moveAndClick(page, "text=Business", rand);
  await answerSeq(page, 2, "The compare button did nothing.");
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Contact", rand);
  for (let i = 0; i < 3; i++) await page.click("#send", { delay: 15 });
  await page.click('[data-fm="report-open"]');
  await page.fill('[data-fm="report-text"]', "The form does not say what is wrong.");
  await page.click('[data-fm="report-send"]');
  await page.click('[data-fm="task-giveup"]');
  await answerSeq(page, 1, "Gave up on the form.");
};

const quitter: Persona = async (page, rand) => {
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Services", rand);
  await pause(page, 11_000); // a long hesitation
  await page.click('[data-fm="task-giveup"]');
  await answerSeq(page, 2);
  await page.click('[data-fm="task-start"]');
  await moveAndClick(page, "header >> text=Contact", rand);
  await page.fill('input[name="name"]', "Sam"); // and then the tab is closed
};

const PERSONAS: [string, Persona, boolean][] = [
  ["direct", direct, true],
  ["wanderer", wanderer, true],
  ["frustrated", frustrated, true],
  ["quitter", quitter, false],
];

/** Participants come on laptops, tablets and phones: click maps group them by width. */
const viewportOf = (index: number) =>
  index % 6 === 5
    ? { width: 390, height: 844 }
    : index % 3 === 1
      ? { width: 820, height: 1180 }
      : { width: 1280, height: 800 };

async function participant(browser: Browser, url: string, index: number) {
  const [name, persona, finishes] = PERSONAS[index % PERSONAS.length] as (typeof PERSONAS)[number];
  const rand = seededRandom(index + 1);
  const viewport = viewportOf(index);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  try {
    await page.goto(url);
    await page.click('[data-fm="consent-accept"]');
    await page.waitForSelector('[data-fm="task-start"]');
    await persona(page, rand);
    if (finishes) {
      for (let q = 1; q <= 10; q++) await page.click(`[data-fm="sus-${q}-${1 + Math.floor(rand() * 5)}"]`);
      await page.click('[data-fm="sus-submit"]');
      await page.waitForFunction('sessionStorage.getItem("frictionmap:state") === null', undefined, {
        timeout: 30_000,
      });
    } else {
      await pause(page, 5500); // let the last batch go before the tab closes
    }
    console.log(
      `  participant ${index + 1} (${name}, ${viewport.width} px): ${finishes ? "finished" : "left without finishing"}`,
    );
  } catch (err) {
    console.error(`  participant ${index + 1} (${name}) failed: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    await context.close();
  }
}

const args = parseArgs({
  usage: "npm run simulate -- [--participants N]",
  about:
    "Sends headless Chromium participants through the demo study of a running platform (start it first\nwith npm start, with the same settings), each with its own behaviour: direct, wandering, frustrated,\nleaving without finishing.",
  options: { participants: { description: "how many participants", default: 4, min: 1, max: 200 } },
});

run(async () => {
  const count = args.participants;
  const cfg = loadLocalConfig();
  const base = cfg.publicUrl ?? `http://localhost:${cfg.port}`;
  const demoFile = join(cfg.dataDir, "demo.json");
  let demo: { inviteToken: string };
  try {
    demo = JSON.parse(readFileSync(demoFile, "utf8"));
  } catch {
    throw new Error(
      `no demo study in ${demoFile}: start the platform first with 'npm start' (same FRICTIONMAP_DATA_DIR)`,
    );
  }
  try {
    await fetch(`${base}/api/health`);
  } catch {
    throw new Error(`no platform answers at ${base}: start it first with 'npm start' (same PORT)`);
  }
  const url = inviteUrl(base, demo.inviteToken);
  console.log(`Simulating ${count} participants on the demo study (${url})`);
  const browser = await launchChromium();
  try {
    const queue = Array.from({ length: count }, (_, n) => n);
    await Promise.all(
      Array.from({ length: Math.min(2, count) }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) await participant(browser, url, n);
      }),
    );
  } finally {
    await browser.close();
  }
  console.log(`Done. Open ${base}/ to review the sessions.`);
});
