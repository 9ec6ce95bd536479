/**
 * Precision and recall per signal kind on the labelled, Chromium-recorded scenarios.
 *   npx tsx test/bench/detector-eval.ts
 */
import { analyzeRecording } from "../../functions/src/domain/analysis/analyze";
import { SIGNAL_KINDS } from "../../functions/src/domain/session";
import { DEFAULT_THRESHOLDS } from "../../functions/src/domain/thresholds";
import { fixtureStudy } from "../fixtures/analysis-study";
import { scoreScenario, totals } from "../fixtures/evaluate-detection";
import { RECORDED } from "../fixtures/events/index";

const study = fixtureStudy();
const scores = RECORDED.map((f) =>
  scoreScenario(f.truth, analyzeRecording(f.events, study, DEFAULT_THRESHOLDS).signals),
);

console.log(`Labelled scenarios: ${scores.length} (recorded with Chromium)\n`);
for (const s of scores) if (s.problems.length) console.log(`  ${s.name}: ${s.problems.join("; ")}`);
const t = totals(scores);
console.log(
  `\n${"kind".padEnd(18)} ${"TP".padStart(4)} ${"FP".padStart(4)} ${"FN".padStart(4)} precision recall`,
);
for (const k of SIGNAL_KINDS) {
  const r = t[k];
  console.log(
    `${k.padEnd(18)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${r.precision.toFixed(2).padStart(9)} ${r.recall.toFixed(2).padStart(6)}`,
  );
}
