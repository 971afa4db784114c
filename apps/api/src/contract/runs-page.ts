import { RUN_ORDERS, RUN_SORTS } from "@columnline/db";
import { z } from "zod";

/** What JSON Schema cannot say about the pair, said in both descriptions. */
const COST_RANGE_NOTE = "min_cost must not exceed max_cost when both are given";

/** A bound on a run's total_cost: a plain decimal string of USD. */
const costBound = (field: string, relation: string) =>
  z
    .string()
    .regex(/^\d{1,15}(\.\d{1,20})?$/, `${field} must be a decimal string of USD, e.g. "0.05"`)
    .optional()
    .describe(
      `Only runs whose total_cost is ${relation} this many USD, a decimal string ("0.05"); ${COST_RANGE_NOTE}`,
    );

/**
 * What q may hold, as the search reads it: an ID or the start of one, ASCII letters, digits
 * and _ in any case, surrounding whitespace ignored (\s is what String.prototype.trim drops).
 */
const RUN_SEARCH_PATTERN = /^\s*[A-Za-z0-9_]+\s*$/;

/** The runs page's filters, search and sort, beyond the listing's older filters. */
export const runsPageFields = {
  min_cost: costBound("min_cost", "at least"),
  max_cost: costBound("max_cost", "at most"),
  q: z
    .string()
    .max(64)
    .regex(
      RUN_SEARCH_PATTERN,
      "q must be a run_id or dossier_id or the start of one: letters, digits and _, e.g. RUN_20260115 or DOSS_2026",
    )
    .optional()
    .describe(
      "Search: a complete run_id or dossier_id finds that run; anything shorter is a prefix of either, e.g. RUN_20260115 (that day's run IDs) or DOSS_2026; letters, digits and _, any case",
    ),
  sort: z
    .enum(RUN_SORTS)
    .default("started_at")
    .describe("started_at (default) or total_cost; ties broken by run_id"),
  order: z
    .enum(RUN_ORDERS)
    .default("desc")
    .describe("desc (default: newest or most expensive first) or asc"),
};

/** Compares two plain non-negative decimal strings exactly (no float rounding): -1, 0 or 1. */
function compareDecimals(a: string, b: string): number {
  const [aWhole = "", aPart = ""] = a.split(".");
  const [bWhole = "", bPart = ""] = b.split(".");
  const whole = (text: string) => text.replace(/^0+/, "");
  const width = Math.max(aPart.length, bPart.length);
  const left = `${whole(aWhole).padStart(16, "0")}${aPart.padEnd(width, "0")}`;
  const right = `${whole(bWhole).padStart(16, "0")}${bPart.padEnd(width, "0")}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** min_cost above max_cost can match nothing: a mistake worth a 400. */
export function checkCostRange(
  input: { min_cost?: string | undefined; max_cost?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (input.min_cost === undefined || input.max_cost === undefined) return;
  if (compareDecimals(input.min_cost, input.max_cost) > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["min_cost"],
      message: `min_cost (${input.min_cost}) must not exceed max_cost (${input.max_cost})`,
    });
  }
}
