/**
 * Precision and recall per signal kind on the labelled scenarios recorded through the
 * shipped recorder (test/fixtures/scenarios/recorded). Re-record with `npm run record:scenarios`.
 *   npm run eval:detectors
 */
import { SIGNAL_KINDS } from "@frictionmap/protocol";
import { analyzeScenario, loadRecorded, scoreScenario, totals } from "../fixtures/scenarios/evaluate";

const recorded = loadRecorded();
const scores = recorded.map((s) => scoreScenario(s, analyzeScenario(s)));
const sites = [...new Set(recorded.map((s) => s.site))];
const traps = recorded.filter((s) => s.expected.length === 0).length;
console.log(
  `Labelled scenarios: ${recorded.length} (${sites.map((site) => `${site} ${recorded.filter((s) => s.site === site).length}`).join(", ")}; ${traps} where nothing may fire)\n`,
);
for (const s of scores) if (s.problems.length) console.log(`  ${s.site}/${s.name}: ${s.problems.join("; ")}`);
const t = totals(scores);
console.log("\n| kind | TP | FP | FN | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |");
for (const k of SIGNAL_KINDS) {
  const r = t[k];
  console.log(`| ${k} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(2)} | ${r.recall.toFixed(2)} |`);
}
