import { lambdaCore } from "../adapters/lambda-deps";
import { powertools } from "../adapters/powertools";
import { loadCoreConfig } from "../config";
import { sweepIdleSessions } from "../services/sweep";

// The scheduled sweep: the same composition root and code path as the local timer.
const obs = powertools("sweeper");
const deps = lambdaCore(loadCoreConfig(), obs);

export async function handler(): Promise<{ abandoned: number; queued: number }> {
  try {
    const { abandoned, queued } = await sweepIdleSessions(deps, new Date());
    return { abandoned: abandoned.length, queued: queued.length };
  } finally {
    obs.flush();
  }
}
