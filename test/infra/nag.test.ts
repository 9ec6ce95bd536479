import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Synthesized, synthesize } from "./synth";

/** Every acknowledgement recorded with Validations.of(x).acknowledge(), with where it was made. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const reason =
          typeof value === "string" ? value : String((value as { reason?: string })?.reason ?? "");
        out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ""), reason });
      }
    }
  }
  return out;
}

describe("the AwsSolutions pack as these tests use it", () => {
  it("fails synthesis on an unacknowledged finding", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "fm-nag-")) });
    const stack = new Stack(app, "Probe");
    new Bucket(stack, "NoLogsNoSsl");
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      expect(() => app.synth()).toThrow(
        /AwsSolutions-S1[\s\S]*AwsSolutions-S10|AwsSolutions-S10[\s\S]*AwsSolutions-S1/,
      );
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

const VAGUE = /^(n\/?a|none|ok|todo|tbd|ignore|suppress(ed)?|not needed|false positive|needed|required)\.?$/i;

describe.each([
  ["default context", {}],
  [
    "custom domain, alarm e-mail, disposable data",
    {
      domainName: "ux.example.com",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
      alarmEmail: "ops@example.com",
      retainData: false,
    },
  ],
])("cdk-nag AwsSolutions on the app (%s)", (_name, context) => {
  let s: Synthesized;
  beforeAll(() => {
    // synth throws on any unacknowledged error, so reaching the tests already means none
    s = synthesize(context, { nag: true });
  });
  afterAll(() => s?.remove());

  it("reports zero unacknowledged errors and no warnings", () => {
    // A pack with nothing to report leaves no entry; one with findings lists each of them.
    const nag = s.report().pluginReports.filter((r) => r.pluginName === "AwsSolutions");
    const findings = nag.flatMap((r) => r.violations.map((v) => `${v.severity} ${v.ruleName}`));
    expect(findings).toEqual([]);
  });

  it("gives every acknowledgement a specific reason, on the construct it concerns", () => {
    const acks = acknowledgements(s.app).filter((a) => a.id.startsWith("AwsSolutions-"));
    expect(acks.length).toBeGreaterThan(5);
    for (const a of acks) {
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(50);
      expect(a.reason, `${a.id} at ${a.path}`).not.toMatch(VAGUE);
      expect(a.path, `${a.id} is not a blanket stack-wide acknowledgement`).toContain("/");
    }
    const keys = acks.map((a) => `${a.path} ${a.id}`);
    expect(new Set(keys).size, "no rule acknowledged twice on one construct").toBe(keys.length);
  });

  it("acknowledges wildcards finding by finding, never a whole rule", () => {
    const acks = acknowledgements(s.app).filter((a) => /AwsSolutions-IAM[45]/.test(a.id));
    for (const a of acks)
      expect(a.id, a.path).toMatch(/^AwsSolutions-IAM[45]\[(Action|Resource|Policy)::.+\]$/);
    const actionWildcards = acks.filter((a) => a.id.includes("[Action::")).map((a) => `${a.path} ${a.id}`);
    for (const a of actionWildcards)
      expect(a, "only CDK's BucketDeployment grants").toMatch(/Custom::CDKBucketDeployment/);
  });
});
