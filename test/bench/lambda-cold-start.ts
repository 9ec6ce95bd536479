/**
 * Lambda bundle size and cold import time, measured locally. Builds the API handler as the CDK
 * stack does (esbuild, ESM, minified, @aws-sdk/* external: the Node 22 runtime provides SDK v3)
 * and, for comparison, with the SDK bundled in; then imports each in fresh Node processes with
 * the Lambda environment set (admin token given directly, so no network at import) and prints
 * the median time of `await import(bundle)`.
 *
 *   npm run bench:cold-start -- [--runs 15]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { oneLineErrors, parseArgs } from "../../functions/src/local/cli";

const args = parseArgs({
  usage: "npm run bench:cold-start -- [--runs N]",
  about:
    "Builds the Lambda API handler as the stack does (and with the AWS SDK bundled, to compare) and\ntimes its cold import in fresh Node processes. Connects nowhere; reads none of npm start's settings.",
  options: { runs: { description: "imports to take the median of", default: 15, min: 1, max: 200 } },
  settings: false,
});
oneLineErrors();
const root = join(import.meta.dirname, "..", "..");
const RUNS = args.runs;
const outRoot = join(root, "dist", "bench-cold-start");

async function bundle(name: string, external: string[]): Promise<string> {
  const outfile = join(outRoot, name, "index.mjs");
  mkdirSync(join(outRoot, name), { recursive: true });
  await build({
    entryPoints: [join(root, "functions", "src", "entry", "lambda.ts")],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: true,
    external,
    outfile,
    logLevel: "warning",
    banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
  });
  return outfile;
}

const env = {
  ...process.env,
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  TABLE_NAME: "frictionmap",
  BUCKET_NAME: "frictionmap-recordings",
  QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/frictionmap-jobs",
  FRICTIONMAP_ORIGIN_VERIFY: "bench-origin-verify-0123456789",
  FRICTIONMAP_ADMIN_TOKEN: "bench-admin-token-0123456789",
  COGNITO_ISSUER: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench",
  COGNITO_CLIENT_ID: "bench-client",
  NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "--enable-source-maps",
};

function importMs(file: string): number {
  const code = `const t=performance.now();const m=await import(${JSON.stringify(pathToFileURL(file).href)});if(typeof m.handler!=="function")process.exit(2);console.log(performance.now()-t);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

rmSync(outRoot, { recursive: true, force: true });
const variants = [
  { name: "sdk-external (deployed)", file: await bundle("sdk-external", ["@aws-sdk/*"]) },
  { name: "sdk-bundled", file: await bundle("sdk-bundled", []) },
];
console.log(`node ${process.version}, ${RUNS} fresh processes per variant`);
for (const v of variants) {
  importMs(v.file); // warm the OS file cache once
  const times = Array.from({ length: RUNS }, () => importMs(v.file));
  const kb = (statSync(v.file).size / 1024).toFixed(1);
  console.log(
    `${v.name.padEnd(24)} bundle ${kb.padStart(6)} KB  import median ${median(times).toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );
}
rmSync(outRoot, { recursive: true, force: true });
