/**
 * Benchmark: create-study and get-study against local mode (`npm start`, embedded
 * dynalite + s3rver) over HTTP on loopback. Prints requests/s and p50/p99 latency.
 *
 *   npm run bench -- [--requests 2000] [--concurrency 8]
 */
import { readFileSync } from "node:fs";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";
import { npmStart } from "../setup/local-process";
import { freePort } from "../setup/storage";
import { benchSettings } from "./bench-settings";

const args = parseArgs({
  usage: "npm run bench -- [--requests N] [--concurrency N]",
  about:
    "Starts the platform with npm start (its own free ports and a temporary data dir unless PORT,\nDEMO_PORT, FRICTIONMAP_DATA_DIR, FRICTIONMAP_ADMIN_TOKEN are set) and measures create-study and\nget-study over loopback HTTP: requests/s, p50 and p99 latency.",
  options: {
    requests: { description: "requests per operation", default: 2000, min: 1, max: 1_000_000 },
    concurrency: { description: "clients at once", default: 8, min: 1, max: 256 },
  },
});
oneLineErrors();
const REQUESTS = args.requests;
const CONCURRENCY = args.concurrency;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function run(name: string, n: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(13)} ${String(n).padStart(6)} req  ${(n / seconds).toFixed(0).padStart(6)} req/s  ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
}

const settings = benchSettings("fm-bench-");
const port = settings.port || (await freePort());
const token = settings.adminToken;
const platform = await npmStart({
  PORT: String(port),
  DEMO_PORT: String(settings.demoPort || (await freePort())),
  FRICTIONMAP_DATA_DIR: settings.dataDir,
  FRICTIONMAP_ADMIN_TOKEN: token,
});
try {
  const base = `http://127.0.0.1:${port}/api`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const body = readFileSync(new URL("../fixtures/example-study.json", import.meta.url), "utf8");
  const ids: string[] = [];
  // Warm-up (JIT, connections) is not measured.
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${base}/studies`, { method: "POST", headers, body });
    ids.push(((await r.json()) as { id: string }).id);
  }
  console.log(`Frictionmap API benchmark: local mode, ${CONCURRENCY} concurrent clients, loopback HTTP`);
  await run("create-study", REQUESTS, async () => {
    const r = await fetch(`${base}/studies`, { method: "POST", headers, body });
    if (r.status !== 201) throw new Error(`create-study: ${r.status}`);
    ids.push(((await r.json()) as { id: string }).id);
  });
  await run("get-study", REQUESTS, async (i) => {
    const r = await fetch(`${base}/studies/${ids[i % ids.length]}`, { headers });
    if (r.status !== 200) throw new Error(`get-study: ${r.status}`);
    await r.arrayBuffer();
  });
} finally {
  await platform.stop();
  settings.cleanup();
}
