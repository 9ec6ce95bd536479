import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { AppStack } from "./app-stack";
import { readSettings } from "./settings";

// `npm run synth|deploy|diff|destroy`; context: stage, retentionDays, retainData, domainName,
// certificateArn, alarmEmail (see README "Deploy to AWS").
const app = new App();
const settings = readSettings(app.node);
new AppStack(app, `Frictionmap-${settings.stage}`, {
  settings,
  description: `Frictionmap usability-testing platform (${settings.stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  tags: { app: "frictionmap", stage: settings.stage },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
