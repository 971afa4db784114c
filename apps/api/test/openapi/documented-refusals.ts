/**
 * The allow-list: rules the server enforces that JSON Schema cannot state, so a request valid
 * by the schema may still get a 400 for them. Each is allowed only where the document says so:
 * `documentedBy` must appear in a description covering the field that breaks the rule (its
 * own, a parent's, or the operation's). A 400 for anything else is a discrepancy.
 */

import { budgetLimitProblem, budgetThresholdsProblem, isIanaTimeZone } from "@columnline/domain";
import { documentedPairRefusals } from "./documented-pair-refusals";
import type { LiveOperation } from "./live-document";
import type { GeneratedRequest } from "./request-arbitrary";
import { loneSurrogate } from "./request-arbitrary";
import { fieldsOf, type RequestField } from "./request-validity";

export interface DocumentedRefusal {
  rule: string;
  /** Words of the document that state the rule. */
  documentedBy: string;
  breaks(field: RequestField): boolean;
}

const asNumber = (value: unknown) => (typeof value === "number" ? value : 0);

/** usage: parts never exceed their whole (the pairs the usage description lists). */
const usageParts: [whole: string, parts: string[]][] = [
  ["input_tokens", ["cache_read_tokens", "cache_write_tokens"]],
  ["input_tokens", ["input_audio_tokens", "input_image_tokens", "input_video_tokens"]],
  ["cache_write_tokens", ["cache_write_1h_tokens"]],
  ["cache_read_tokens", ["cache_audio_read_tokens", "cache_image_read_tokens"]],
  ["input_audio_tokens", ["cache_audio_read_tokens"]],
  ["input_image_tokens", ["cache_image_read_tokens"]],
  ["output_tokens", ["reasoning_tokens", "citation_tokens"]],
  ["output_tokens", ["output_audio_tokens", "output_image_tokens", "output_video_tokens"]],
];

const isUsage = (field: RequestField): field is RequestField & { value: Record<string, unknown> } =>
  field.name === "usage" && field.value !== null && typeof field.value === "object";

const hasBadText = (text: string) =>
  text.includes("\u0000") || new RegExp(loneSurrogate.source).test(text);

function depth(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depth));
}

/** A time zone name the server reads (the pattern states its characters and length). */
function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
const posixOffset = (name: string) => /^(UTC|GMT|UT)[+-]/i.test(name);

const earliest = Date.parse("0001-01-01T00:00:00Z");
const latest = Date.parse("9999-12-31T23:59:59.999Z");

export const documentedRefusals: DocumentedRefusal[] = [
  {
    rule: "no NUL character and no unpaired surrogate in a stored string or key",
    documentedBy: "NUL character (\\u0000)",
    breaks: ({ value }) =>
      typeof value === "string"
        ? hasBadText(value)
        : value !== null && typeof value === "object" && Object.keys(value).some(hasBadText),
  },
  {
    rule: "usage parts never exceed their whole",
    documentedBy: "Parts never exceed their whole",
    breaks: (field) =>
      isUsage(field) &&
      usageParts.some(
        ([whole, parts]) =>
          parts.reduce((sum, part) => sum + asNumber(field.value[part]), 0) >
          asNumber(field.value[whole]),
      ),
  },
  {
    rule: "a step's input_tokens + output_tokens fit the run's total_tokens column",
    documentedBy: "must not exceed 2147483647",
    breaks: (field) =>
      isUsage(field) &&
      asNumber(field.value.input_tokens) + asNumber(field.value.output_tokens) > 2147483647,
  },
  {
    // The patterns check month and day ranges; the calendar (no November 31st) is described.
    rule: "run and dossier ids name a real calendar date",
    documentedBy: "calendar date",
    breaks: ({ value }) => {
      const match =
        typeof value === "string" ? /^(?:RUN|DOSS)_(\d{4})(\d\d)(\d\d)/.exec(value) : null;
      if (!match) return false;
      const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
      const at = new Date(Date.UTC(2000, month - 1, day));
      at.setUTCFullYear(year);
      return at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day;
    },
  },
  {
    rule: "a cursor is only a next_cursor of the same listing",
    documentedBy: "Opaque: only a next_cursor",
    breaks: ({ name }) => name === "cursor",
  },
  {
    // The decimal-string pattern cannot bound the value; the number form has exclusiveMaximum.
    rule: "cost_usd as a decimal string below 10000000000",
    documentedBy: "below 10000000000",
    breaks: ({ name, value }) =>
      name === "cost_usd" && typeof value === "string" && Number(value) >= 1e10,
  },
  {
    rule: "JSON objects nest at most 32 levels",
    documentedBy: "nested at most 32 levels deep",
    breaks: ({ value }) => depth(value) > 32,
  },
  {
    rule: "a price as a JSON number JavaScript writes with an exponent",
    documentedBy: "numbers JavaScript writes with an exponent",
    breaks: ({ value }) => typeof value === "number" && String(value).includes("e"),
  },
  {
    // The number form's schema bounds the value, not its digits (JSON Schema cannot count them).
    rule: "a price as a JSON number whose shortest form has more than 20 digits after the point",
    documentedBy: "at most 15 digits before the point and 20 after",
    breaks: ({ value }) =>
      typeof value === "number" && (String(value).split(".")[1] ?? "").length > 20,
  },
  {
    rule: "times between 0001-01-01 and 9999-12-31 UTC",
    documentedBy: "from 0001-01-01 to 9999-12-31 UTC",
    breaks: ({ value }) => {
      if (typeof value !== "string" || !/^\d{4}-\d\d-\d\d/.test(value)) return false;
      const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
      return !Number.isNaN(at) && (at < earliest || at > latest);
    },
  },
  {
    rule: "a budget's time zone is an IANA name",
    documentedBy: "IANA time zone whose calendar bounds the periods",
    breaks: ({ name, value }) =>
      name === "time_zone" && typeof value === "string" && !isIanaTimeZone(value),
  },
  {
    rule: "a budget's limit is above 0",
    documentedBy: "a decimal string above 0",
    breaks: ({ name, value }) =>
      name === "limit_usd" && typeof value === "string" && budgetLimitProblem(value) !== null,
  },
  {
    rule: "a budget's thresholds have at most 4 decimals, distinct, above 0, at most 10",
    documentedBy: "at most 4 decimals each",
    breaks: ({ name, value }) =>
      name === "thresholds" &&
      Array.isArray(value) &&
      value.every((item) => typeof item === "number") &&
      budgetThresholdsProblem(value) !== null,
  },
  {
    // Scheme and address rules (SSRF safety) a pattern cannot state; the url field describes them.
    rule: "a webhook url is https to a public host unless WEBHOOK_ALLOW_PRIVATE",
    documentedBy: "refused unless WEBHOOK_ALLOW_PRIVATE",
    breaks: ({ name }) => name === "url",
  },
  {
    rule: "a time zone the time zone database knows",
    documentedBy: "A name the time zone database does not know is a 400",
    breaks: ({ name, value }) =>
      name === "time_zone" && typeof value === "string" && !isKnownTimeZone(value),
  },
  {
    rule: "no POSIX-style offset for a time zone",
    documentedBy: "a POSIX-style offset such as UTC+3",
    breaks: ({ name, value }) =>
      name === "time_zone" && typeof value === "string" && posixOffset(value),
  },
  ...documentedPairRefusals,
];

/** The documented rule that explains a 400 to this schema-valid request, if any. */
export function documentedRefusalFor(
  live: LiveOperation,
  request: GeneratedRequest,
): string | undefined {
  for (const field of fieldsOf(live, request)) {
    for (const refusal of documentedRefusals) {
      if (
        refusal.breaks(field) &&
        field.descriptions.some((d) => d.includes(refusal.documentedBy))
      ) {
        return refusal.rule;
      }
    }
  }
  return undefined;
}
