import { z } from "zod";

/**
 * 1-64 of A-Z a-z 0-9 _ . -, except "." and "..": URL parsers drop those path segments, so
 * such a client could be created but never addressed at /clients/{client_id}.
 */
const CLIENT_ID_PATTERN =
  /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}|\.[A-Za-z0-9_-][A-Za-z0-9_.-]{0,62}|\.\.[A-Za-z0-9_.-]{1,62})$/;

/** Operator-chosen, e.g. CLT_ROGER_ACRES_001; safe in URLs and logs. */
export const clientIdSchema = z
  .string()
  .regex(
    CLIENT_ID_PATTERN,
    'client_id must be 1-64 characters of A-Z, a-z, 0-9, _ . -, and not "." or ".."',
  )
  .meta({
    description:
      'Chosen by the operator: 1-64 of A-Z a-z 0-9 _ . -, not "." or ".." (URLs drop those)',
    examples: ["CLT_ACME_001"],
  });
