import { loadLocalConfig } from "../config";
import { oneLine, parseArgs, run } from "../local/cli";
import { startLocalPlatform } from "../local/platform";

parseArgs({
  usage: "npm start [-- --help]",
  about:
    "Starts the whole platform on this machine: the reviewer and API, embedded storage, a demo website\nwith a seeded demo study. Ctrl-C stops it; a restart keeps every study and recording.",
});

run(async () => {
  const cfg = loadLocalConfig();
  const platform = await startLocalPlatform(cfg).catch((err: NodeJS.ErrnoException & { port?: number }) => {
    if (err.code === "EADDRINUSE") {
      const which = err.port === cfg.demoPort ? "DEMO_PORT" : "PORT";
      throw new Error(`port ${err.port ?? cfg.port} is in use: set ${which} to another port`);
    }
    throw new Error(`the platform could not start: ${oneLine(err)}`);
  });
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
});
