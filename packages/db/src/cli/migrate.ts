// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL (or, without
// it, to the embedded database in PGLITE_DATA_DIR / ./.data/pglite).
import { createDb } from "../client/create-db";

const databaseUrl = process.env.DATABASE_URL;
const database = await createDb(
  databaseUrl ? { databaseUrl } : { dataDir: process.env.PGLITE_DATA_DIR },
);
try {
  await database.migrate();
  console.log(`migrations applied (${database.engine})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
