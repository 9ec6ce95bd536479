import { handle, type LambdaContext } from "hono/aws-lambda";
import { lambdaDeps } from "../adapters/lambda-deps";
import { powertools } from "../adapters/powertools";
import { createApp } from "../app";
import { loadLambdaConfig } from "../config";

// Cold start: config and the composition root, once per container.
const obs = powertools("api");
const app = createApp(await lambdaDeps(loadLambdaConfig(), obs));
const serve = handle(app);

export const handler = async (event: Parameters<typeof serve>[0], context: LambdaContext) => {
  obs.logger.addContext(context as Parameters<typeof obs.logger.addContext>[0]);
  try {
    return await serve(event, context);
  } finally {
    obs.flush();
  }
};
