import type { ApiKeyScope } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { check, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { apiKeyScopeValues } from "./enum-values";
import { timestamptz } from "./timestamptz";

/** API keys, stored as SHA-256 hashes only; the plaintext is shown once at creation. */
export const apiKeys = pgTable(
  "v2_api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    // The first characters of the key, so an operator can tell keys apart.
    keyPrefix: text("key_prefix").notNull(),
    scopes: text("scopes").array().$type<ApiKeyScope[]>().notNull(),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (table) => [
    check(
      "v2_api_keys_scopes_check",
      sql`${table.scopes} <@ ARRAY[${apiKeyScopeValues}]::text[] AND cardinality(${table.scopes}) > 0`,
    ),
    check("v2_api_keys_hash_check", sql`${table.keyHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
