import { isIanaTimeZone } from "@columnline/domain";
import { invalid } from "../../internal/validate";

/** An IANA time zone name (Europe/Paris, America/New_York, UTC); anything else is a 400. */
export function parseTimeZone(value: unknown, path = "time_zone"): string {
  if (value === undefined) return "UTC";
  if (typeof value === "string" && isIanaTimeZone(value)) return value;
  return invalid(path, `${JSON.stringify(value)} is not an IANA time zone (e.g. Europe/Paris)`);
}

/** The longest day series the per-day analytics answer (two years and a day). */
export const MAX_SERIES_DAYS = 732;

/** A [from, to) instant range: from before to, at most MAX_SERIES_DAYS long. */
export function parseRange(from: Date, to: Date, maxDays = MAX_SERIES_DAYS): void {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) invalid("from", "must be a time");
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) invalid("to", "must be a time");
  if (from.getTime() >= to.getTime()) invalid("to", "must be after from");
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    invalid("to", `must be at most ${maxDays} days after from`);
  }
}
