import { describe, expect, it } from "vitest";
import {
  applyStudyPatch,
  createStudy,
  findStep,
  studyInputSchema,
  studyPatchSchema,
} from "../../functions/src/domain/study";
import { resolveThresholds } from "../../functions/src/domain/thresholds";
import { parseWith } from "../../functions/src/domain/validation";
import { exampleStudyInput } from "../fixtures/studies";

const NOW = new Date("2030-05-01T12:00:00Z");

describe("study", () => {
  it("accepts the DESIGN.md example and gives every task and step an id", () => {
    const parsed = parseWith(studyInputSchema, exampleStudyInput());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const study = createStudy(parsed.value, NOW);
    expect(study).toMatchObject({ status: "draft", sus: true, version: 1, createdAt: NOW.toISOString() });
    expect(new Set(study.tasks[0]?.steps.map((s) => s.id)).size).toBe(4);
    const stepId = study.tasks[0]?.steps[2]?.id ?? "";
    expect(findStep(study, stepId)?.step.name).toBe("Contact");
  });

  it("normalizes origins and requires start URLs on them", () => {
    const input = { ...exampleStudyInput(), origins: ["HTTP://LOCALHOST:8788", "http://localhost:8788"] };
    const parsed = parseWith(studyInputSchema, input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(createStudy(parsed.value, NOW).origins).toEqual(["http://localhost:8788"]);

    const elsewhere = exampleStudyInput();
    (elsewhere.tasks[0] as { startUrl: string }).startUrl = "https://evil.example/";
    expect(parseWith(studyInputSchema, elsewhere)).toMatchObject({
      ok: false,
      issues: [{ path: "tasks[0].startUrl", message: "must be on one of the study's origins" }],
    });
    expect(
      parseWith(studyInputSchema, { ...exampleStudyInput(), origins: ["http://x.example/path"] }).ok,
    ).toBe(false);
  });

  it("validates match rules by kind", () => {
    const withRule = (match: unknown) => {
      const input = exampleStudyInput() as unknown as { tasks: { steps: { match: unknown }[] }[] };
      (input.tasks[0]?.steps[0] as { match: unknown }).match = match;
      return parseWith(studyInputSchema, input).ok;
    };
    expect(withRule({ type: "click", selector: "#cta" })).toBe(true);
    expect(withRule({ type: "event", name: "quote_sent" })).toBe(true);
    expect(withRule({ type: "url", pattern: "/pricing?plan=*" })).toBe(true);
    expect(withRule({ type: "url", pattern: "pricing" })).toBe(false);
    expect(withRule({ type: "event", name: "has space" })).toBe(false);
    expect(withRule({ type: "click" })).toBe(false);
  });

  it("rejects a task or step id used twice", () => {
    const input = exampleStudyInput() as unknown as { tasks: { steps: { id?: string }[] }[] };
    const steps = input.tasks[0]?.steps ?? [];
    (steps[0] as { id?: string }).id = "sp_aaaaaaaaaaaaaaaaaaaa";
    (steps[1] as { id?: string }).id = "sp_aaaaaaaaaaaaaaaaaaaa";
    expect(parseWith(studyInputSchema, input)).toMatchObject({
      ok: false,
      issues: [{ path: "tasks[0].steps[1].id" }],
    });
  });

  it("patches fields, bumps the version, and checks the result as a whole", () => {
    const parsed = parseWith(studyInputSchema, exampleStudyInput());
    if (!parsed.ok) throw new Error("invalid");
    const study = createStudy(parsed.value, NOW);
    const later = new Date(NOW.getTime() + 1000);
    const patch = parseWith(studyPatchSchema, { name: "New", thresholds: { rageClick: { minClicks: 4 } } });
    if (!patch.ok) throw new Error("invalid patch");
    const r = applyStudyPatch(study, patch.value, later);
    expect(r).toMatchObject({ ok: true, study: { name: "New", version: 2, updatedAt: later.toISOString() } });
    if (r.ok)
      expect(resolveThresholds(r.study.thresholds).rageClick).toEqual({
        minClicks: 4,
        maxIntervalMs: 1000,
        maxDistancePx: 30,
      });
    expect(applyStudyPatch(study, { origins: ["https://other.example"] }, later)).toMatchObject({
      ok: false,
    });
    expect(study.name).toBe("Quote request journey");
  });
});
