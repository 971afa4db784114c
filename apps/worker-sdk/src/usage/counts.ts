import type { StepUsage } from "../api-types.js";

/** A count as providers send it: JSON leaves optional counts out, some SDKs type them nullable. */
export type ProviderCount = number | null | undefined;

/** One of the API's usage counts (input_tokens, cache_write_1h_tokens, ...). */
export type UsageField = keyof StepUsage;

/** Usage as mapped so far: only the counts the response reported. */
export type MappedCounts = { [F in UsageField]?: number | undefined };

/** What a mapper knows while it reads: its own name and the path of what it reads, for errors. */
export interface CountReader {
  /** A count the response may leave out: undefined when absent, never invented. */
  optional(path: string, value: unknown): number | undefined;
  /** A count every response of this shape has. */
  required(path: string, value: unknown): number;
}

export function countReader(mapper: string): CountReader {
  const checked = (path: string, value: unknown): number => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(
        `${mapper}: ${path} must be a non-negative integer, got ${JSON.stringify(value) ?? String(value)}`,
      );
    }
    return value;
  };
  return {
    optional: (path, value) =>
      value === undefined || value === null ? undefined : checked(path, value),
    required(path, value) {
      if (value === undefined || value === null) {
        throw new TypeError(`${mapper}: the response has no ${path}`);
      }
      return checked(path, value);
    },
  };
}

/** The sum of the counts present; undefined when none is (absent stays absent). */
export function sumPresent(...counts: (number | undefined)[]): number | undefined {
  const present = counts.filter((count): count is number => count !== undefined);
  return present.length === 0 ? undefined : present.reduce((total, count) => total + count, 0);
}

/** The object's own property, or undefined for anything that is not an object. */
export function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The API's usage object from mapped counts: absent counts are left out rather than sent
 * as 0, so the step stores exactly what the provider reported.
 */
export function toStepUsage(
  counts: MappedCounts & { input_tokens: number; output_tokens: number },
): StepUsage {
  const usage: MappedCounts = {};
  for (const [key, count] of Object.entries(counts) as [UsageField, number | undefined][]) {
    if (count !== undefined) usage[key] = count;
  }
  return usage as StepUsage;
}
