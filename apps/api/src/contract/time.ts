import { z } from "zod";

/** The years a timestamptz column reads back as ISO-8601 with a 4-digit year. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const INSTANT_NOTE =
  "ISO-8601 time with a zone (2026-01-15T18:12:06Z) or a UTC day (2026-01-15), from 0001-01-01 to 9999-12-31 UTC";

/** An instant: ISO-8601 with a zone (2026-01-15T18:12:06Z) or a bare UTC day (2026-01-15). */
export const instantInput = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Expected an ISO-8601 time with a zone (2026-01-15T18:12:06Z) or a day (2026-01-15)",
  })
  .transform((text) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text))
  // Year 0000 (or an offset pushing a time past 9999) parses here but not in the database.
  .refine(
    (at) => at.getUTCFullYear() >= MIN_YEAR && at.getUTCFullYear() <= MAX_YEAR,
    "Expected a time from 0001-01-01 to 9999-12-31 (UTC)",
  )
  .meta({ description: INSTANT_NOTE });

/** instantInput with what the field means, keeping the format and range in its description. */
export const instantFor = (meaning: string) => instantInput.describe(`${meaning}: ${INSTANT_NOTE}`);

/** A time the API answers with: Date.toISOString(), always UTC with milliseconds. */
export const isoTimeJson = z.iso.datetime().describe("ISO-8601 UTC, e.g. 2026-01-15T18:12:06.000Z");
