import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors";
import { parseUsage, stepTokens, usageExtras, usageSchema } from "../../src/pricing";

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
      { path: ["input_tokens"], message: "input_tokens is required" },
    ]);
    expect(issuesOf({ input_tokens: 1 })).toEqual([
      { path: ["output_tokens"], message: "output_tokens is required" },
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
        message: "cache_read_tokens (11) must not exceed input_tokens (10)",
      },
    ]);
    expect(issuesOf({ input_tokens: 10, output_tokens: 0, cache_write_tokens: 11 })).toEqual([
      {
        path: ["cache_write_tokens"],
        message: "cache_write_tokens (11) must not exceed input_tokens (10)",
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

describe("usageSchema: the counts beyond the five token counts", () => {
  const base = { input_tokens: 100, output_tokens: 50 };

  it("takes them as optional counts and drops those at their default", () => {
    expect(
      usageSchema.parse({ ...base, requests: 1, web_searches: 0, cache_write_1h_tokens: 0 }),
    ).toEqual(usageSchema.parse(base));
    const usage = usageSchema.parse({
      ...base,
      cache_write_tokens: 40,
      cache_write_1h_tokens: 30,
      requests: 0,
      web_searches: 2,
    });
    expect(usage).toMatchObject({ cache_write_1h_tokens: 30, requests: 0, web_searches: 2 });
    expect(usageExtras(usage)).toEqual({ cache_write_1h_tokens: 30, requests: 0, web_searches: 2 });
    expect(usageExtras(usageSchema.parse(base))).toBeNull();
  });

  it.each([
    [
      { cache_write_1h_tokens: 1 },
      "cache_write_1h_tokens",
      "cache_write_1h_tokens (1) must not exceed cache_write_tokens (0)",
    ],
    [
      { input_audio_tokens: 60, input_image_tokens: 50 },
      "input_audio_tokens",
      "input_audio_tokens + input_image_tokens (110) must not exceed input_tokens (100)",
    ],
    [
      { cache_read_tokens: 10, input_audio_tokens: 20, cache_audio_read_tokens: 11 },
      "cache_audio_read_tokens",
      "cache_audio_read_tokens (11) must not exceed cache_read_tokens (10)",
    ],
    [
      { cache_read_tokens: 30, input_image_tokens: 5, cache_image_read_tokens: 6 },
      "cache_image_read_tokens",
      "cache_image_read_tokens (6) must not exceed input_image_tokens (5)",
    ],
    [
      { reasoning_tokens: 30, citation_tokens: 21 },
      "reasoning_tokens",
      "reasoning_tokens + citation_tokens (51) must not exceed output_tokens (50)",
    ],
    [
      { output_audio_tokens: 30, output_video_tokens: 21 },
      "output_audio_tokens",
      "output_audio_tokens + output_video_tokens (51) must not exceed output_tokens (50)",
    ],
  ])("rejects parts larger than their whole: %j", (parts, path, message) => {
    expect(issuesOf({ ...base, ...parts })).toEqual([{ path: [path], message }]);
  });

  it("rejects negative or fractional counts of calls, naming the field", () => {
    expect(issuesOf({ ...base, requests: -1 })).toEqual([
      { path: ["requests"], message: "requests must be a non-negative safe integer" },
    ]);
    expect(issuesOf({ ...base, web_searches: 1.5 })).toEqual([
      { path: ["web_searches"], message: "web_searches must be a non-negative safe integer" },
    ]);
  });

  it("rejects unknown fields rather than charging them as nothing", () => {
    expect(issuesOf({ ...base, web_search: 3 })).toEqual([
      { path: [], message: "web_search is not a known field" },
    ]);
    // A provider's own key names the field to send instead.
    expect(issuesOf({ ...base, prompt_tokens: 3 })).toEqual([
      {
        path: [],
        message:
          "prompt_tokens is OpenAI's name: send input_tokens (the SDK's usageFromOpenAI maps a whole response)",
      },
    ]);
  });
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
