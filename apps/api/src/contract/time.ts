import { z } from "zod";

/** An instant: ISO-8601 with a zone (2026-01-15T18:12:06Z) or a bare UTC day (2026-01-15). */
export const instantInput = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Expected an ISO-8601 time with a zone (2026-01-15T18:12:06Z) or a day (2026-01-15)",
  })
  .transform((text) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text));
