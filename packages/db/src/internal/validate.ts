import { type ErrorIssue, validationError } from "@columnline/domain";

/** The shape of a zod schema's safeParse, without depending on zod here. */
interface SafeParser<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { message: string }[] } };
}

/** Parses one field with a domain schema; a failure is a VALIDATION error naming the field. */
export function parseField<T>(schema: SafeParser<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ErrorIssue[] = result.error.issues.map((issue) => ({
    path,
    message: issue.message,
  }));
  throw validationError(`invalid ${path}`, issues);
}

export function invalid(path: string, message: string): never {
  throw validationError(`invalid ${path}`, [{ path, message }]);
}

/** A non-negative decimal string such as "3", "0.15" or "12.500". */
export function parseDecimalString(value: unknown, path: string): string {
  if (typeof value !== "string" || !/^\d{1,15}(\.\d{1,20})?$/.test(value.trim())) {
    invalid(path, 'must be a non-negative decimal string, e.g. "3.00"');
  }
  return value.trim();
}

export function parseDate(value: unknown, path: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    invalid(path, "must be a valid date");
  return value;
}

export function parseNonEmptyText(value: unknown, path: string, maxLength = 200): string {
  if (typeof value !== "string" || value.trim() === "") invalid(path, "must be a non-empty string");
  if (value.length > maxLength) invalid(path, `must be at most ${maxLength} characters`);
  return value;
}

export function parseLimit(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    invalid("limit", `must be an integer from 1 to ${max}`);
  }
  return value;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can name a uuid row (anything else would be a cast error, not "not found"). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}
