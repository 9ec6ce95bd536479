import { loadLocalConfig } from "../../functions/src/config";
import { tempDir } from "../setup/storage";

/**
 * A bench's platform takes the settings of `npm start` where they are given (PORT, DEMO_PORT,
 * FRICTIONMAP_DATA_DIR, FRICTIONMAP_ADMIN_TOKEN); otherwise any free ports (0), a fresh
 * temporary data dir and a bench token, so a bench never disturbs a running `npm start`.
 */
export function benchSettings(prefix: string) {
  const cfg = loadLocalConfig();
  const given = (name: string) => Boolean(process.env[name]);
  const dir = given("FRICTIONMAP_DATA_DIR") ? undefined : tempDir(prefix);
  return {
    port: given("PORT") ? cfg.port : 0,
    demoPort: given("DEMO_PORT") ? cfg.demoPort : 0,
    dataDir: dir?.path ?? cfg.dataDir,
    adminToken: cfg.adminToken ?? "bench-admin-token-0123456789",
    /** Removes the temporary data dir (a given one is kept). */
    cleanup: () => dir?.remove(),
  };
}
