import type { Thresholds } from "../../thresholds";
import type { Detector, Emit } from "../types";
import { deadClickDetector } from "./dead-click";
import { errorClickDetector, jsErrorDetector } from "./errors";
import { formAbandonmentDetector } from "./form-abandonment";
import { hesitationDetector } from "./hesitation";
import { rageClickDetector } from "./rage-click";
import { thrashedCursorDetector } from "./thrashed-cursor";
import { uTurnDetector } from "./u-turn";

type Hook = Exclude<keyof Detector, "finish">;
const HOOKS: Hook[] = [
  "click",
  "changed",
  "scroll",
  "move",
  "input",
  "page",
  "step",
  "navigation",
  "error",
  "form",
  "task",
];

/** The eight detectors, and for each hook the detectors that have it (so the loop calls only those). */
export type DetectorSet = Record<Hook, Detector[]> & { all: Detector[] };

export function createDetectors(th: Thresholds, emit: Emit): DetectorSet {
  const all = [
    rageClickDetector(th.rageClick, emit),
    deadClickDetector(th.deadClick, emit),
    errorClickDetector(th.errorClick, emit),
    jsErrorDetector(emit),
    uTurnDetector(th.uTurn, emit),
    thrashedCursorDetector(th.thrashedCursor, emit),
    formAbandonmentDetector(emit),
    hesitationDetector(th.hesitation, emit),
  ];
  const set = { all } as DetectorSet;
  for (const hook of HOOKS) set[hook] = all.filter((det) => det[hook] !== undefined);
  return set;
}
