import { describe, expect, it } from "vitest";
import { ApiError } from "../../../web/src/api/client";
import { withoutEdited } from "../../../web/src/state/clear-errors";

describe("validation messages clear when their field is fixed", () => {
  const error = new ApiError(400, "invalid_request", "Check the fields.", [
    { path: "name", message: "Name is required" },
    { path: "tasks[1].startUrl", message: "must be on one of the study's origins" },
  ]);
  const before = { name: "", tasks: [{ title: "a" }, { startUrl: "x" }] };

  it("drops the message of an edited field or list item, keeps the others", () => {
    const named = withoutEdited(error, before, { ...before, name: "Quote study" });
    expect(named?.details.map((d) => d.path)).toEqual(["tasks[1].startUrl"]);
    const otherTask = withoutEdited(error, before, { ...before, tasks: [{ title: "b" }, { startUrl: "x" }] });
    expect(otherTask).toBe(error);
    const both = withoutEdited(named, before, { name: "", tasks: [{ title: "a" }, { startUrl: "y" }] });
    expect(both).toBeNull();
  });

  it("keeps an error that names no field", () => {
    const general = new ApiError(409, "conflict", "Changed meanwhile.");
    expect(withoutEdited(general, before, { ...before, name: "x" })).toBe(general);
  });
});
