import { handle } from "hono/aws-lambda";
import { lambdaDeps } from "../adapters/lambda-deps";
import { createApp } from "../app";
import { loadLambdaConfig } from "../config";

// Cold start: config, then the admin token from Secrets Manager, once per container.
const app = createApp(await lambdaDeps(loadLambdaConfig()));

export const handler = handle(app);
