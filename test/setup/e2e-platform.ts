/** One local platform (embedded storage) and one Chromium shared by a describe block of e2e tests. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type LocalPlatform, startLocalPlatform } from "../../functions/src/local/platform";
import { launchChromium } from "./browser";
import { tempDir } from "./storage";

export interface E2eEnv {
  platform: LocalPlatform;
  browser: Browser;
  /** The platform's data folder, removed after the block. */
  dir: ReturnType<typeof tempDir>;
}

/** Starts both before the block's tests and stops them after; fields are set once they run. */
export function platformAndBrowser(prefix: string, adminToken: string): E2eEnv {
  const env = { dir: tempDir(prefix) } as E2eEnv;
  beforeAll(async () => {
    env.platform = await startLocalPlatform(
      { port: 0, demoPort: 0, dataDir: env.dir.path, adminToken },
      () => {},
    );
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.platform?.stop();
    env.dir.remove();
  });
  return env;
}
