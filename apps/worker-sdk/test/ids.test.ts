import { formatRunId as domainFormatRunId, dossierIdSchema, runIdSchema } from "@columnline/domain";
import { describe, expect, it } from "vitest";
import { deriveStepId, formatRunId, generateDossierId } from "../src/index.js";

describe("IDs made on the client", () => {
  it("formats run IDs exactly as the domain does", () => {
    for (const at of ["2026-01-15T18:12:06Z", "2024-02-29T00:00:00Z", "2099-12-31T23:59:59.999Z"]) {
      for (const suffix of [1, 2, 999_999]) {
        const id = formatRunId(new Date(at), suffix);
        expect(id).toBe(domainFormatRunId(new Date(at), suffix));
        expect(runIdSchema.safeParse(id).success).toBe(true);
      }
    }
  });

  it("makes dossier IDs the API accepts, spread over 1000-9999", () => {
    const ids = Array.from({ length: 200 }, () =>
      generateDossierId(new Date("2026-01-15T23:59:59Z")),
    );
    const numbers = ids.map((id) => Number(id.slice(-4)));

    expect(
      ids.every((id) => dossierIdSchema.safeParse(id).success && id.startsWith("DOSS_20260115_")),
    ).toBe(true);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(1000);
    expect(new Set(numbers).size).toBeGreaterThan(150);
  });

  it("rejects what the API would reject", () => {
    expect(() => formatRunId(new Date("nope"))).toThrow(/valid Date/);
    expect(() => formatRunId(new Date(), 0)).toThrow(/suffix/);
    expect(() => generateDossierId(new Date(), () => 999)).toThrow(/1000 to 9999/);
  });

  it("derives step ids from the run and step name, counting repeats, never at random", () => {
    expect(deriveStepId("RUN_20260115_181206", "research")).toBe("RUN_20260115_181206:research");
    expect(deriveStepId("RUN_20260115_181206", "research", 3)).toBe(
      "RUN_20260115_181206:research:3",
    );
    expect(deriveStepId("RUN_20260115_181206", "research")).toBe(
      deriveStepId("RUN_20260115_181206", "research"),
    );
    expect(() => deriveStepId("RUN_20260115_181206", " ")).toThrow(/non-empty stepName/);
    expect(() => deriveStepId("RUN_20260115_181206", "x".repeat(190))).toThrow(
      /over 200 characters/,
    );
  });
});
