import type { OptionValues } from "./command.js";
import { UsageError } from "./usage-error.js";

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function requiredString(
  values: OptionValues,
  name: string,
  command: string,
  hint: string,
): string {
  const value = optionalString(values, name);
  if (value === undefined || value.trim() === "") {
    throw new UsageError(`${command} needs --${name} ${hint}`, command);
  }
  return value;
}

export function optionalInteger(
  values: OptionValues,
  name: string,
  command: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number | undefined {
  const text = optionalString(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, got "${text}"`,
      command,
    );
  }
  return value;
}

export function optionalJsonObject(
  values: OptionValues,
  name: string,
  command: string,
): Record<string, unknown> | undefined {
  const text = optionalString(values, name);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--${name} is not valid JSON (${reason}); quote it: --${name} '{"key":"value"}'`,
      command,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `--${name} must be a JSON object, such as '{"lead_url":"https://..."}'`,
      command,
    );
  }
  return parsed as Record<string, unknown>;
}

export function oneOf<T extends string>(
  values: OptionValues,
  name: string,
  allowed: readonly T[],
  command: string,
): T | undefined {
  const text = optionalString(values, name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${text}"`, command);
  }
  return text as T;
}

export function requiredInteger(values: OptionValues, name: string, command: string): number {
  const value = optionalInteger(values, name, command);
  if (value === undefined) throw new UsageError(`${command} needs --${name} <n>`, command);
  return value;
}
