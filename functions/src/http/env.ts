import type { Deps, Principal } from "../ports";

/** What every handler can read from the context. */
export type AppEnv = {
  Variables: {
    requestId: string;
    principal: Principal;
    deps: Deps;
  };
};
