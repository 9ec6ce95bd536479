import { loadLocalConfig } from "../config";
import { startLocalPlatform } from "../local/platform";

const cfg = loadLocalConfig();
try {
  const platform = await startLocalPlatform(cfg);
  console.log(
    [
      "",
      "Frictionmap is running.",
      `  Reviewer:    ${platform.url}/`,
      `  API:         ${platform.url}/api  (OpenAPI: ${platform.url}/api/openapi.json)`,
      `  Admin token: ${platform.adminToken}`,
      `  Demo site:   ${platform.demoUrl}/`,
      `  Try it as a participant: ${platform.demoInviteUrl}`,
      `  Data:        ${cfg.dataDir}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping…`);
    await platform.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") console.error(`Port ${cfg.port} is in use: set PORT to another port.`);
  else console.error(e);
  process.exit(1);
}
