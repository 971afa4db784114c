// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL or, without it, to the
// embedded database in DATA_DIR (as `pnpm start` reads it; see dataDirFromEnv). A folder that
// a running service holds is refused in one line, untouched.
import { createDb } from "../client/create-db";
import { dataDirFromEnv } from "../client/data-dir";

const databaseUrl = process.env.DATABASE_URL;
try {
  const database = await createDb(
    databaseUrl ? { databaseUrl } : { dataDir: dataDirFromEnv(process.env) },
  );
  try {
    const { applied, total } = await database.migrate();
    const where = database.engine === "postgres" ? "PostgreSQL" : "the embedded database";
    console.log(
      applied === 0
        ? `up to date: ${total} of ${total} migrations already applied (${where})`
        : `applied ${applied} of ${total} migrations (${where})`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`columnline: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.LOG_LEVEL === "debug" && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
