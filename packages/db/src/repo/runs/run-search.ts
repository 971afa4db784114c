import { parseDossierId, parseRunId } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import { invalid } from "../../internal/validate";
import { runs } from "../../schema";

/**
 * What q may hold: an ID or the start of one, in any case (IDs are upper-case letters, digits
 * and _). Checked before upper-casing: "ſ".toUpperCase() is "S", and "doſſ" is no dossier ID.
 */
const SEARCH_TEXT = /^[A-Za-z0-9_]{1,64}$/;

/** "RUN_YYYYMMDD" and "DOSS_YYYYMMDD": a prefix this long holds at most one day's runs. */
const DAY_PREFIX = { run: "RUN_YYYYMM".length, dossier: "DOSS_YYYYMM".length };

const related = (text: string, head: string) => text.startsWith(head) || head.startsWith(text);

export interface RunSearch {
  condition: SQL;
  /**
   * Whether the matches are few (one ID, or IDs of one day at most): then the page is
   * best sorted from them, read through the ID's index, rather than found by walking
   * the sort's index, where matches of an old day lie deep (the planner cannot know).
   */
  narrow: boolean;
}

/**
 * The runs q finds. A complete run_id or dossier_id (RUN_20260115_181206, DOSS_20260115_4523)
 * matches that run exactly; anything shorter is a prefix (RUN_20260115: the runs with IDs of
 * that day; DOSS_2026). Case-insensitive. A prefix is matched against the IDs it can start
 * (run_id for R..., dossier_id for D...), through the text_pattern_ops indexes (migration
 * 0005), whatever the database's collation.
 */
export function runSearch(q: string): RunSearch {
  const trimmed = q.trim();
  if (!SEARCH_TEXT.test(trimmed)) {
    invalid(
      "q",
      "must be a run_id or dossier_id or the start of one (letters, digits and _, at most 64), e.g. RUN_20260115 or DOSS_2026",
    );
  }
  const text = trimmed.toUpperCase();
  if (parseRunId(text) !== null) return { condition: sql`${runs.runId} = ${text}`, narrow: true };
  if (parseDossierId(text) !== null) {
    return { condition: sql`${runs.dossierId} = ${text}`, narrow: true };
  }
  // _ is LIKE's one-character wildcard: escaped, it matches only itself.
  const pattern = `${text.replace(/_/g, "\\_")}%`;
  if (related(text, "RUN_")) {
    return {
      condition: sql`${runs.runId} LIKE ${pattern}`,
      narrow: text.length >= DAY_PREFIX.run,
    };
  }
  if (related(text, "DOSS_")) {
    return {
      condition: sql`${runs.dossierId} LIKE ${pattern}`,
      narrow: text.length >= DAY_PREFIX.dossier,
    };
  }
  // No run_id or dossier_id starts with anything else.
  return { condition: sql`false`, narrow: true };
}
