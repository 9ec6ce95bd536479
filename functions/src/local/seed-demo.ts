import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mintToken } from "../adapters/secret-tokens";
import { createInvites, inviteUrl } from "../domain/invite";
import { createStudy, studyInputSchema } from "../domain/study";
import { parseWith } from "../domain/validation";
import type { Deps } from "../ports";

/** The demo study on the demo site, as a research team would write it. */
export function demoStudyInput(demoUrl: string) {
  return {
    name: "Request a quote",
    description:
      "Brightpath Studio wants to know how easily small businesses find prices and ask for a quote.",
    origins: [demoUrl],
    status: "live",
    sus: true,
    tags: ["pricing", "form"],
    tasks: [
      {
        title: "Find the price of a business website",
        instructions:
          "Your company needs a website of about 15 pages with a blog. Find out what it would cost.",
        startUrl: `${demoUrl}/`,
        timeLimitSec: 180,
        question: "seq",
        success: { type: "url", pattern: "/pricing/business" },
        steps: [
          { name: "Home", match: { type: "url", pattern: "/" }, stage: "awareness" },
          { name: "Services", match: { type: "url", pattern: "/services*" }, stage: "consideration" },
          { name: "Pricing", match: { type: "url", pattern: "/pricing" }, stage: "consideration" },
          { name: "Business plan", match: { type: "url", pattern: "/pricing/business" }, stage: "decision" },
        ],
      },
      {
        title: "Request a quote",
        instructions: "You like what you saw. Ask Brightpath Studio for a quote for your new website.",
        startUrl: `${demoUrl}/`,
        timeLimitSec: 300,
        question: "seq",
        success: { type: "event", name: "quote_sent" },
        steps: [
          { name: "Home", match: { type: "url", pattern: "/" }, stage: "awareness" },
          { name: "Services", match: { type: "url", pattern: "/services*" }, stage: "consideration" },
          { name: "Contact form", match: { type: "url", pattern: "/contact*" }, stage: "decision" },
          { name: "Sent", match: { type: "event", name: "quote_sent" }, stage: "decision" },
        ],
      },
    ],
  };
}

interface DemoRecord {
  studyId: string;
  inviteToken: string;
}

/**
 * Makes sure the demo study exists (once per data dir, again if someone deleted it) with
 * an open invite link; the link's token is kept in the data dir so it can be printed.
 */
export async function seedDemo(
  deps: Pick<Deps, "studies" | "invites">,
  opts: { dataDir: string; demoUrl: string; platformUrl: string },
): Promise<{ studyId: string; inviteUrl: string }> {
  const file = join(opts.dataDir, "demo.json");
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoRecord) : undefined;
  if (saved && (await deps.studies.get(saved.studyId))) {
    return { studyId: saved.studyId, inviteUrl: inviteUrl(opts.platformUrl, saved.inviteToken) };
  }
  const parsed = parseWith(studyInputSchema, demoStudyInput(opts.demoUrl));
  if (!parsed.ok) throw new Error(`the demo study is invalid: ${JSON.stringify(parsed.issues)}`);
  const now = new Date();
  const study = createStudy(parsed.value, now);
  await deps.studies.create(study);
  const [open] = createInvites(
    study.id,
    { open: true, cap: 10_000, label: "Demo participant" },
    now,
    mintToken,
    opts.platformUrl,
  );
  if (!open) throw new Error("no invite");
  await deps.invites.createMany([open.invite]);
  writeFileSync(file, JSON.stringify({ studyId: study.id, inviteToken: open.token } satisfies DemoRecord), {
    mode: 0o600,
  });
  return { studyId: study.id, inviteUrl: inviteUrl(opts.platformUrl, open.token) };
}
