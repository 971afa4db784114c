import { fileURLToPath } from "node:url";

/** The committed SQL migrations, the schema's source of truth. */
export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Session-level advisory lock key held while migrating, so two processes that
 * migrate at once run one after the other ("cl_migr" in ASCII).
 */
export const MIGRATION_LOCK_KEY = "27985179807672178";
