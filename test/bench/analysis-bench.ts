/**
 * Analysis throughput and memory on a synthetic one-hour session of ≥ 100,000 events.
 *   npx tsx --expose-gc test/bench/analysis-bench.ts [events]
 * Prints figures; it asserts nothing (timings belong in reports, not in tests).
 */
import { analyzeRecording, createRecordingAnalyzer } from "../../functions/src/domain/analysis/analyze";
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
const eventCount = events.length;
const json = JSON.stringify(events);
gc?.();
const heapEvents = process.memoryUsage().heapUsed - heapBefore;
const span =
  ((events.at(-1) as { timestamp: number }).timestamp - (events[0] as { timestamp: number }).timestamp) /
  60_000;

// Warm up (JIT), then time runs on one core. No forced GC between timed runs: a full GC
// drops optimized code that depends on weakly held maps, which would measure the JIT instead.
for (let i = 0; i < 3; i++) analyzeRecording(events, study, DEFAULT_THRESHOLDS);
const runs: number[] = [];
const cpuRuns: number[] = [];
let result = analyzeRecording(events, study, DEFAULT_THRESHOLDS);
for (let i = 0; i < 15; i++) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  result = analyzeRecording(events, study, DEFAULT_THRESHOLDS);
  runs.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuRuns.push((used.user + used.system) / 1000);
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

// Memory of the whole-array analysis: heap growth over the parsed events during one run.
gc?.();
const beforeWhole = process.memoryUsage().heapUsed;
analyzeRecording(events, study, DEFAULT_THRESHOLDS);
const wholeExtra = process.memoryUsage().heapUsed - beforeWhole;

// The service path: stored chunks of 2,000 events, parsed and fed one at a time. Timed as
// is; then once more with a GC before each chunk, to see the live heap (analyzer state plus
// one parsed chunk) rather than garbage not yet collected.
const chunkTexts: string[] = [];
for (let i = 0; i < events.length; i += 2000) chunkTexts.push(JSON.stringify(events.slice(i, i + 2000)));
events.length = 0;
const chunkStart = performance.now();
const timed = createRecordingAnalyzer(study, DEFAULT_THRESHOLDS);
for (const text of chunkTexts) timed.feed(JSON.parse(text) as unknown[]);
timed.finish();
const chunkMs = performance.now() - chunkStart;
gc?.();
const baseline = process.memoryUsage().heapUsed;
let chunkPeak = 0;
const analyzer = createRecordingAnalyzer(study, DEFAULT_THRESHOLDS);
for (const text of chunkTexts) {
  gc?.();
  const chunk = JSON.parse(text) as unknown[];
  chunkPeak = Math.max(chunkPeak, process.memoryUsage().heapUsed - baseline);
  analyzer.feed(chunk);
}
analyzer.finish();

console.log(
  `Synthetic session: ${eventCount.toLocaleString("en")} events over ${span.toFixed(1)} min, ${mb(json.length)} of JSON`,
);
console.log(
  `Signals found: ${result.signals.length}, step visits: ${result.visits.length}, attempts: ${result.attempts.length}`,
);
console.log(
  `Analysis (events in memory): median ${median.toFixed(1)} ms of 15 runs → ${Math.round(eventCount / (median / 1000)).toLocaleString("en")} events/s (best ${Math.round(eventCount / ((runs[0] as number) / 1000)).toLocaleString("en")})`,
);
console.log(
  `  by this process's CPU time (less sensitive to other load on the machine): median ${cpuMedian.toFixed(1)} ms → ${Math.round(eventCount / (cpuMedian / 1000)).toLocaleString("en")} events/s`,
);
console.log(
  `JSON.parse + analysis: median ${parseMedian.toFixed(1)} ms → ${Math.round(eventCount / (parseMedian / 1000)).toLocaleString("en")} events/s`,
);
console.log(
  `Memory: parsed events ${gc ? mb(heapEvents) : "(run with --expose-gc)"}; whole-array analysis adds ${mb(wholeExtra)} of heap`,
);
console.log(
  `Service path (${chunkTexts.length} chunks of 2,000 events parsed one at a time): ${Math.round(chunkMs)} ms, ${Math.round(eventCount / (chunkMs / 1000)).toLocaleString("en")} events/s; live heap at most ${mb(chunkPeak)} above baseline`,
);
console.log(`Process peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
