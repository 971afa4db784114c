import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors";
import { parseUsage, stepTokens, usageSchema } from "../../src/pricing";

function issuesOf(input: unknown) {
  const result = usageSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe("usageSchema", () => {
  it("defaults the optional parts to 0", () => {
    expect(usageSchema.parse({ input_tokens: 10, output_tokens: 5 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
    });
  });

  it("requires input_tokens and output_tokens", () => {
    expect(issuesOf({ output_tokens: 1 })).toEqual([
      { path: ["input_tokens"], message: "input_tokens must be a non-negative safe integer" },
    ]);
    expect(issuesOf({ input_tokens: 1 })).toEqual([
      { path: ["output_tokens"], message: "output_tokens must be a non-negative safe integer" },
    ]);
  });

  it.each([
    ["negative", -1],
    ["fractional", 1.5],
    ["unsafe", Number.MAX_SAFE_INTEGER + 1],
    ["NaN", Number.NaN],
    ["a string", "5"],
  ])("rejects a %s count, naming the field", (_label, bad) => {
    for (const field of [
      "input_tokens",
      "output_tokens",
      "cache_read_tokens",
      "cache_write_tokens",
      "reasoning_tokens",
    ]) {
      const usage = { input_tokens: 10, output_tokens: 10, [field]: bad };
      expect(issuesOf(usage)).toEqual([
        { path: [field], message: `${field} must be a non-negative safe integer` },
      ]);
    }
  });

  it("rejects cache parts larger than the input", () => {
    expect(issuesOf({ input_tokens: 10, output_tokens: 0, cache_read_tokens: 11 })).toEqual([
      {
        path: ["cache_read_tokens"],
        message: "cache_read_tokens + cache_write_tokens (11) must not exceed input_tokens (10)",
      },
    ]);
    expect(issuesOf({ input_tokens: 10, output_tokens: 0, cache_write_tokens: 11 })).toEqual([
      {
        path: ["cache_write_tokens"],
        message: "cache_read_tokens + cache_write_tokens (11) must not exceed input_tokens (10)",
      },
    ]);
    // Each part fits alone; together they exceed the whole.
    expect(
      issuesOf({ input_tokens: 10, output_tokens: 0, cache_read_tokens: 6, cache_write_tokens: 5 }),
    ).toHaveLength(1);
    expect(
      issuesOf({ input_tokens: 10, output_tokens: 0, cache_read_tokens: 5, cache_write_tokens: 5 }),
    ).toEqual([]);
  });

  it("rejects reasoning larger than the output", () => {
    expect(issuesOf({ input_tokens: 0, output_tokens: 3, reasoning_tokens: 4 })).toEqual([
      {
        path: ["reasoning_tokens"],
        message: "reasoning_tokens (4) must not exceed output_tokens (3)",
      },
    ]);
    expect(issuesOf({ input_tokens: 0, output_tokens: 3, reasoning_tokens: 3 })).toEqual([]);
  });

  it("rejects a step total outside the safe integer range", () => {
    const half = 2 ** 52;
    expect(issuesOf({ input_tokens: half, output_tokens: half })).toEqual([
      {
        path: ["output_tokens"],
        message: `input_tokens + output_tokens (${2 ** 53}) must be a safe integer`,
      },
    ]);
    expect(issuesOf({ input_tokens: half, output_tokens: half - 1 })).toEqual([]);
  });

  const count = fc.nat({ max: 2 ** 40 });
  test.prop([count, count, count, count, count])(
    "accepts exactly the usages whose parts fit in their wholes",
    (input, output, cacheRead, cacheWrite, reasoning) => {
      const usage = {
        input_tokens: input,
        output_tokens: output,
        cache_read_tokens: cacheRead,
        cache_write_tokens: cacheWrite,
        reasoning_tokens: reasoning,
      };
      const valid = cacheRead + cacheWrite <= input && reasoning <= output;
      expect(usageSchema.safeParse(usage).success).toBe(valid);
    },
  );
});

describe("parseUsage", () => {
  it("throws a VALIDATION DomainError with field paths", () => {
    try {
      parseUsage({ input_tokens: 1, output_tokens: 1, reasoning_tokens: 2 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: "VALIDATION",
        issues: [
          { path: "reasoning_tokens", message: expect.stringContaining("reasoning_tokens") },
        ],
      });
    }
  });
});

describe("stepTokens", () => {
  it("counts every prompt and completion token (parts are not added again)", () => {
    const usage = parseUsage({
      input_tokens: 1000,
      output_tokens: 500,
      cache_read_tokens: 800,
      cache_write_tokens: 100,
      reasoning_tokens: 300,
    });
    expect(stepTokens(usage)).toBe(1500);
  });

  it("refuses a total beyond the safe integer range", () => {
    const usage = {
      input_tokens: 2 ** 52,
      output_tokens: 2 ** 52,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
    };
    expect(() => stepTokens(usage)).toThrow(DomainError);
  });
});
