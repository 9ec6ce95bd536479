import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import type { AppEnv } from "./env";
import { validationHook } from "./errors";

/** A router of declared routes (createRoute); validation failures get the API's error shape. */
export const apiRouter = <E extends Env = AppEnv>() =>
  new OpenAPIHono<E>({ defaultHook: validationHook as never });
