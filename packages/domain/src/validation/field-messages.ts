import { z } from "zod";
import { unknownFieldMessage } from "./unknown-field";

type RawIssue = z.core.$ZodRawIssue;

/** "usage.input_tokens", or "the body" for the input as a whole. */
const fieldName = (path: readonly PropertyKey[] | undefined): string =>
  path && path.length > 0 ? path.map(String).join(".") : "the body";

const typeNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  bigint: "an integer",
  boolean: "true or false",
  object: "a JSON object",
  record: "a JSON object",
  array: "an array",
  date: "a date",
  null: "null",
};

const sizeUnits: Record<string, string> = {
  string: "characters",
  array: "items",
  set: "items",
};

function sizeMessage(field: string, issue: RawIssue & { origin: string }, atLeast: boolean) {
  const limit = atLeast ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  const unit = sizeUnits[issue.origin];
  if (unit) {
    if (atLeast && Number(limit) === 1 && issue.origin === "string") {
      return `${field} must not be empty`;
    }
    return `${field} must have ${atLeast ? "at least" : "at most"} ${String(limit)} ${unit}`;
  }
  const relation = atLeast
    ? inclusive
      ? "at least"
      : "greater than"
    : inclusive
      ? "at most"
      : "less than";
  return `${field} must be ${relation} ${String(limit)}`;
}

/**
 * One sentence per field, naming it, for every rule that has no message of its own:
 * "error_message is required", "limit must be an integer", "status must be one of pending,
 * running". zod's defaults ("Invalid input: expected string, received undefined") tell a
 * Make.com user nothing about what to send.
 */
export function fieldMessage(issue: RawIssue): string | undefined {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return `${field} is required`;
      const expected = typeNames[String(issue.expected)] ?? String(issue.expected);
      return `${field} must be ${expected}`;
    }
    case "invalid_value":
      return issue.values.length === 1
        ? `${field} must be ${JSON.stringify(issue.values[0])}`
        : `${field} must be one of ${issue.values.map((value) => String(value)).join(", ")}`;
    case "too_small":
      return sizeMessage(field, issue, true);
    case "too_big":
      return sizeMessage(field, issue, false);
    case "invalid_format":
      return `${field} must be a valid ${issue.format === "regex" ? "value" : issue.format}`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return issue.keys
        .map((key) => unknownFieldMessage(field === "the body" ? key : `${field}.${key}`, key))
        .join("; ");
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return `${field} is not valid`;
    default:
      return undefined;
  }
}

// Every schema parsed in this process speaks these sentences (zod's configuration is global).
z.config({ customError: fieldMessage });
