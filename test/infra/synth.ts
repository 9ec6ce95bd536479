import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { AppStack } from "../../infra/app-stack";
import { readSettings } from "../../infra/settings";

/** The context of cdk.json, so tests synthesize what `npm run synth` does. */
export const CDK_CONTEXT = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "cdk.json"), "utf8"))
  .context as Record<string, unknown>;

export interface Synthesized {
  app: App;
  stack: AppStack;
  template: Template;
  outdir: string;
  /** The cloud assembly's validation report (cdk-nag and CloudFormation checks). */
  report(): { pluginReports: { pluginName: string; conclusion: string; violations: any[] }[] };
  remove(): void;
}

/**
 * Synthesizes the stack once, in a fresh folder, as `cdk synth` would: local esbuild bundling,
 * placeholder web/recorder assets (not built in tests), optionally with cdk-nag's AwsSolutions.
 */
export function synthesize(context: Record<string, unknown> = {}, opts: { nag?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "fm-cdk-"));
  const app = new App({ outdir, context: { ...CDK_CONTEXT, ...context } });
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings(app.node);
  } catch (err) {
    rmSync(outdir, { recursive: true, force: true });
    throw err;
  }
  const stack = new AppStack(app, `Frictionmap-${settings.stage}`, {
    settings,
    env: { account: "123456789012", region: "eu-west-1" },
    webDist: join(outdir, "no-web-build"),
    recorderDist: join(outdir, "no-recorder-build"),
  });
  if (opts.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    outdir,
    report: () => JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Every resource of a type, as [logicalId, resource]. */
export function resources(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}

/** The properties of the only resource of a type (fails the test when there is none). */
export function only(template: Template, type: string): any {
  const all = resources(template, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return (all[0] as [string, any])[1].Properties;
}

/** The statements of the policy resource whose logical id starts with `prefix`. */
export function statementsOf(template: Template, type: string, prefix: string): any[] {
  const found = resources(template, type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} starting with ${prefix}`);
  return found[1].Properties.PolicyDocument.Statement;
}
