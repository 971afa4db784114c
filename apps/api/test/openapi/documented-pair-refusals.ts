/**
 * The allow-list's rules between two fields of one request (JSON Schema states each field
 * alone): a cost range, a time range, a step's start, end and duration. `siblings` holds the
 * other parameters, or the other members of the field's object.
 */
import { MAX_SERIES_DAYS } from "@columnline/db";
import { MAX_STEP_DURATION_MS } from "@columnline/domain";
import type { DocumentedRefusal } from "./documented-refusals";

/** A decimal string as an integer of 10^-20 USD, exactly (no float rounding). */
function scaledDecimal(value: unknown): bigint | null {
  if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value)) return null;
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(`${whole}${fraction.padEnd(20, "0").slice(0, 20)}`);
}

/** An instant parameter or field as the server reads it: a UTC day or a date-time. */
function instant(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const at = Date.parse(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(at) ? null : at;
}

/** completed_at - started_at in ms, when the field is a completed_at beside a started_at. */
function stepElapsed({ name, value, siblings }: Parameters<DocumentedRefusal["breaks"]>[0]) {
  if (name !== "completed_at") return null;
  const completed = instant(value);
  const started = instant(siblings.started_at);
  return completed === null || started === null ? null : completed - started;
}

/** `to` minus `from` in ms, when the field is a `to` beside a `from`. */
function rangeLength({ name, value, siblings }: Parameters<DocumentedRefusal["breaks"]>[0]) {
  if (name !== "to") return null;
  const to = instant(value);
  const from = instant(siblings.from);
  return to === null || from === null ? null : to - from;
}

export const documentedPairRefusals: DocumentedRefusal[] = [
  {
    rule: "min_cost not above max_cost",
    documentedBy: "min_cost must not exceed max_cost",
    breaks: ({ name, value, siblings }) => {
      if (name !== "min_cost") return false;
      const [min, max] = [scaledDecimal(value), scaledDecimal(siblings.max_cost)];
      return min !== null && max !== null && min > max;
    },
  },
  {
    rule: "a time range's to after its from",
    documentedBy: "must be after from",
    breaks: (field) => (rangeLength(field) ?? 1) <= 0,
  },
  {
    rule: "a per-day analytics range at most MAX_SERIES_DAYS long",
    documentedBy: `at most ${MAX_SERIES_DAYS} days after it`,
    breaks: (field) => (rangeLength(field) ?? 0) > MAX_SERIES_DAYS * 86_400_000,
  },
  {
    rule: "a step's completed_at needs its started_at",
    documentedBy: "needs started_at",
    breaks: ({ name, value, siblings }) =>
      name === "completed_at" && value != null && siblings.started_at == null,
  },
  {
    rule: "a step's completed_at not before its started_at",
    documentedBy: "must not be before it",
    breaks: (field) => (stepElapsed(field) ?? 0) < 0,
  },
  {
    rule: "a step lasts at most 7 days",
    documentedBy: `at most ${MAX_STEP_DURATION_MS} ms (7 days) after it`,
    breaks: (field) => (stepElapsed(field) ?? 0) > MAX_STEP_DURATION_MS,
  },
  {
    rule: "a step's duration_ms agrees with completed_at - started_at",
    documentedBy: "they must agree to the millisecond",
    breaks: (field) => {
      const elapsed = stepElapsed(field);
      const duration = field.siblings.duration_ms;
      return elapsed !== null && typeof duration === "number" && duration !== elapsed;
    },
  },
];
