import { jsonLogger, storageDeps } from "../adapters/aws";
import { storageConfigOf } from "../adapters/lambda-deps";
import { loadStorageSettings } from "../config";
import { sweepIdleSessions } from "../services/sweep";

// The scheduled sweep: the same code path as the local timer, on the same storage adapters.
const storage = storageDeps(storageConfigOf(loadStorageSettings()));

export async function handler(): Promise<{ abandoned: number }> {
  const { abandoned } = await sweepIdleSessions(
    { ...storage, log: jsonLogger, now: () => new Date() },
    new Date(),
  );
  return { abandoned: abandoned.length };
}
