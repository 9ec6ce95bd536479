/**
 * Analysis throughput and memory on a synthetic one-hour session of ≥ 100,000 events.
 *   npx tsx --expose-gc test/bench/analysis-bench.ts [events]
 * Prints figures; it asserts nothing (timings belong in reports, not in tests).
 */
import { analyzeRecording } from "../../functions/src/domain/analysis/analyze";
import type { Study } from "../../functions/src/domain/study";
import { DEFAULT_THRESHOLDS } from "../../functions/src/domain/thresholds";
import { BENCH_STUDY_TASK_ID, syntheticSession } from "./synthetic-session";

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const study: Pick<Study, "tasks"> = {
  tasks: [
    {
      id: BENCH_STUDY_TASK_ID,
      title: "Buy",
      instructions: "Buy something",
      startUrl: "https://shop.example/",
      question: "seq",
      success: { type: "url", pattern: "/thanks*" },
      steps: [
        { id: "sp_home0000000000000001", name: "Home", match: { type: "url", pattern: "/" } },
        { id: "sp_serv0000000000000001", name: "Services", match: { type: "url", pattern: "/services*" } },
        { id: "sp_pric0000000000000001", name: "Pricing", match: { type: "url", pattern: "/pricing" } },
        { id: "sp_buy00000000000000001", name: "Buy", match: { type: "click", selector: "#buy" } },
        { id: "sp_cont0000000000000001", name: "Contact", match: { type: "url", pattern: "/contact*" } },
      ],
    },
  ],
};

const n = Number(process.argv[2] ?? 120_000);
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const events = syntheticSession({ events: n });
const json = JSON.stringify(events);
gc?.();
const heapEvents = process.memoryUsage().heapUsed - heapBefore;
const span =
  ((events.at(-1) as { timestamp: number }).timestamp - (events[0] as { timestamp: number }).timestamp) /
  60_000;

// Warm up (JIT), then time several runs on one core.
for (let i = 0; i < 3; i++) analyzeRecording(events, study, DEFAULT_THRESHOLDS);
const runs: number[] = [];
const cpuRuns: number[] = [];
let peakExtra = 0;
let result = analyzeRecording(events, study, DEFAULT_THRESHOLDS);
for (let i = 0; i < 7; i++) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const start = performance.now();
  result = analyzeRecording(events, study, DEFAULT_THRESHOLDS);
  runs.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuRuns.push((used.user + used.system) / 1000);
  peakExtra = Math.max(peakExtra, process.memoryUsage().heapUsed - before);
}
runs.sort((a, b) => a - b);
cpuRuns.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)] as number;
const cpuMedian = cpuRuns[Math.floor(cpuRuns.length / 2)] as number;

const parseRuns: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  analyzeRecording(JSON.parse(json) as unknown[], study, DEFAULT_THRESHOLDS);
  parseRuns.push(performance.now() - start);
}
parseRuns.sort((a, b) => a - b);
const parseMedian = parseRuns[1] as number;

console.log(
  `Synthetic session: ${events.length.toLocaleString("en")} events over ${span.toFixed(1)} min, ${mb(json.length)} of JSON`,
);
console.log(
  `Signals found: ${result.signals.length}, step visits: ${result.visits.length}, attempts: ${result.attempts.length}`,
);
console.log(
  `Analysis (events in memory): median ${median.toFixed(1)} ms of 7 runs → ${Math.round(events.length / (median / 1000)).toLocaleString("en")} events/s (best ${Math.round(events.length / ((runs[0] as number) / 1000)).toLocaleString("en")})`,
);
console.log(
  `  by this process's CPU time (less sensitive to other load on the machine): median ${cpuMedian.toFixed(1)} ms → ${Math.round(events.length / (cpuMedian / 1000)).toLocaleString("en")} events/s`,
);
console.log(
  `JSON.parse + analysis: median ${parseMedian.toFixed(1)} ms → ${Math.round(events.length / (parseMedian / 1000)).toLocaleString("en")} events/s`,
);
console.log(
  `Memory: parsed events ${gc ? mb(heapEvents) : "(run with --expose-gc)"}; analysis working set ≤ ${mb(peakExtra)} heap; process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
);
