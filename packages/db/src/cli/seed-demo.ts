// `pnpm seed:demo`: fills the database `pnpm start` uses (DATABASE_URL, or the embedded one
// in DATA_DIR) with a month of demo runs (src/demo), migrating it first. An empty database
// only: one with clients or runs is refused in one line, untouched.
import { createDb } from "../client/create-db";
import { dataDirFromEnv } from "../client/data-dir";
import { seedDemo } from "../demo/seed-demo";

const databaseUrl = process.env.DATABASE_URL;
try {
  const database = await createDb(
    databaseUrl ? { databaseUrl } : { dataDir: dataDirFromEnv(process.env) },
  );
  try {
    await database.migrate();
    const summary = await seedDemo(database);
    console.log(
      `seeded ${summary.clients} clients, ${summary.runs} runs (${summary.failed} failed, ` +
        `${summary.running} running) and ${summary.steps} steps over the last 30 days: ` +
        `$${summary.totalCost} in all; ${summary.budgets} monthly budgets`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`columnline: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.LOG_LEVEL === "debug" && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
