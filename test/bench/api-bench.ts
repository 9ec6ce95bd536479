/**
 * Benchmark: create-study and get-study against local mode (`npm start`, embedded
 * dynalite + s3rver) over HTTP on loopback. Prints requests/s and p50/p99 latency.
 *
 *   npm run bench -- [--requests 2000] [--concurrency 8]
 */
import { readFileSync } from "node:fs";
import { npmStart } from "../setup/local-process";
import { freePort, tempDir } from "../setup/storage";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REQUESTS = arg("requests", 2000);
const CONCURRENCY = arg("concurrency", 8);

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

const dir = tempDir("fm-bench-");
const port = await freePort();
const token = "bench-token-0123456789abcdef";
const platform = await npmStart({
  PORT: String(port),
  FRICTIONMAP_DATA_DIR: dir.path,
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
  dir.remove();
}
