import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { apiKeys } from "./api-keys";
import { timestamptz } from "./timestamptz";

/**
 * Dashboard sign-ins: the cookie holds a random token, this table only its SHA-256 hash.
 * A session belongs to a stored key (ended with it) or to the environment's ADMIN_API_KEY,
 * which has no row: then admin_key_proof ties it to that key's value (see create-session).
 */
export const dashboardSessions = pgTable(
  "v2_dashboard_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "cascade" }),
    adminKeyProof: text("admin_key_proof"),
    createdAt: timestamptz("created_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
  },
  (table) => [
    check("v2_dashboard_sessions_token_hash_check", sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check(
      "v2_dashboard_sessions_owner_check",
      sql`(${table.apiKeyId} IS NULL) <> (${table.adminKeyProof} IS NULL)`,
    ),
    check("v2_dashboard_sessions_expiry_check", sql`${table.expiresAt} > ${table.createdAt}`),
    index("v2_dashboard_sessions_api_key_id_idx").on(table.apiKeyId),
    index("v2_dashboard_sessions_expires_at_idx").on(table.expiresAt),
  ],
);
