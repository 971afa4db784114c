import { z } from "zod";

/** Operator-chosen, e.g. CLT_ROGER_ACRES_001; safe in URLs and logs. */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "client_id must be 1-64 characters of A-Z, a-z, 0-9, _ . -")
  .meta({
    description: "Chosen by the operator: 1-64 of A-Z a-z 0-9 _ . -",
    examples: ["CLT_ACME_001"],
  });
