import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, tempDir } from "../setup/storage";

const tsx = "node_modules/.bin/tsx";

/** Runs a tool as a person does, with only the settings given (no inherited PORT etc.). */
function tool(script: string, args: string[], env: Record<string, string> = {}) {
  const { PATH, HOME } = process.env;
  const r = spawnSync(tsx, [script, ...args], {
    env: { PATH: PATH ?? "", HOME: HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const oneClearLine = (text: string) => {
  const lines = text.trim().split("\n");
  expect(lines, text).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
  return lines[0];
};

// Each case starts tools as processes (tsx, and the platform itself): slow on a busy machine.
describe("command-line tools: --help, npm start's settings, one clear line on failure", {
  timeout: 180_000,
}, () => {
  const dir = tempDir("fm-cli-");
  afterAll(() => dir.remove());

  it("answers --help without connecting anywhere", async () => {
    const nothing = String(await freePort()); // no platform listens here
    for (const [script, usage] of [
      ["functions/src/entry/local.ts", "Usage: npm start"],
      ["functions/src/local/simulate.ts", "Usage: npm run simulate -- [--participants N]"],
      ["test/bench/api-bench.ts", "Usage: npm run bench --"],
      ["test/bench/reviewer-bench.ts", "Usage: npm run bench:reviewer --"],
      ["test/bench/recorder-bench.ts", "Usage: npm run bench:recorder --"],
      ["test/bench/lambda-cold-start.ts", "Usage: npm run bench:cold-start --"],
    ] as const) {
      const r = tool(script, ["--help"], { PORT: nothing, FRICTIONMAP_DATA_DIR: dir.path });
      expect(r.code, `${script}: ${r.err}`).toBe(0);
      expect(r.out).toContain(usage);
      if (!script.includes("cold-start")) {
        for (const name of ["PORT", "DEMO_PORT", "FRICTIONMAP_DATA_DIR", "FRICTIONMAP_ADMIN_TOKEN"]) {
          expect(r.out, script).toContain(name);
        }
      }
    }
  });

  it("refuses a short admin token, a bad port and unknown options with one line", () => {
    const short = tool("functions/src/entry/local.ts", [], { FRICTIONMAP_ADMIN_TOKEN: "short" });
    expect(short.code).toBe(1);
    expect(oneClearLine(short.err)).toBe(
      "error: FRICTIONMAP_ADMIN_TOKEN must be at least 16 characters (it has 5); unset it to have one generated",
    );
    const port = tool("functions/src/local/simulate.ts", [], { PORT: "80000" });
    expect(oneClearLine(port.err)).toBe("error: PORT must be a port number, got '80000'");
    const option = tool("test/bench/api-bench.ts", ["--requets", "5"]);
    expect(oneClearLine(option.err)).toBe("error: unknown option '--requets'; see --help");
    const range = tool("functions/src/local/simulate.ts", ["--participants", "0"]);
    expect(oneClearLine(range.err)).toBe("error: --participants takes a whole number from 1 to 200, got '0'");
  });

  it("says so in one line when the platform is not running or its port is taken", async () => {
    const port = await freePort();
    const env = { PORT: String(port), FRICTIONMAP_DATA_DIR: dir.path };
    expect(oneClearLine(tool("functions/src/local/simulate.ts", [], env).err)).toBe(
      `error: no demo study in ${dir.path}/demo.json: start the platform first with 'npm start' (same FRICTIONMAP_DATA_DIR)`,
    );
    writeFileSync(`${dir.path}/demo.json`, JSON.stringify({ inviteToken: "x".repeat(43) }));
    const simulate = tool("functions/src/local/simulate.ts", [], env);
    expect(simulate.code).toBe(1);
    expect(oneClearLine(simulate.err)).toBe(
      `error: no platform answers at http://localhost:${port}: start it first with 'npm start' (same PORT)`,
    );

    const taken = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => taken.once("listening", r));
    try {
      const start = tool("functions/src/entry/local.ts", [], { ...env, DEMO_PORT: String(await freePort()) });
      expect(start.code).toBe(1);
      expect(oneClearLine(start.err)).toBe(`error: port ${port} is in use: set PORT to another port`);
    } finally {
      taken.close();
    }
  });
});
