import { type ChildProcess, spawn } from "node:child_process";

export interface RunningPlatform {
  child: ChildProcess;
  output: () => string;
  /** Sends Ctrl-C (SIGINT) to the process group and waits for it to exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the platform exactly as a person does: `npm start`, in its own process group. */
export async function npmStart(
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<RunningPlatform> {
  const child = spawn("npm", ["start"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (!out.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      killGroup("SIGKILL");
      throw new Error(`npm start did not come up:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => out,
    async stop() {
      killGroup("SIGINT");
      const timer = setTimeout(() => killGroup("SIGKILL"), 15_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
