import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createDb, getClient, toDomainError } from "../src/index";
import {
  createTestDatabase,
  dropTestDatabase,
  openTestDb,
  type TestDb,
  testEngines,
  urlForDatabase,
} from "../src/testing";
import { expectDomainError, rows, uniqueToken } from "./helpers";

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, "..");
const journal = JSON.parse(
  await readFile(join(packageDir, "migrations/meta/_journal.json"), "utf8"),
) as { entries: unknown[] };

async function appliedMigrations(db: { db: TestDb["db"] }) {
  const [row] = await rows(
    db as TestDb,
    sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

describe("createDb", () => {
  it("persists embedded PGlite in a data directory it creates, migrating once", async () => {
    const parent = await mkdtemp(join(tmpdir(), "cl-db-"));
    const dataDir = join(parent, "nested", "pglite");
    try {
      const total = journal.entries.length;
      const first = await createDb({ dataDir });
      expect(first.engine).toBe("pglite");
      // The open migrated the new folder; migrate() reports it once, then nothing to do.
      expect(await first.migrate()).toEqual({ applied: total, total });
      expect(await first.migrate()).toEqual({ applied: 0, total });
      await createClient(first, { clientId: "CLT_PERSISTED", name: "Kept" });
      await first.close();
      const second = await createDb({ dataDir });
      expect((await getClient(second, "CLT_PERSISTED")).name).toBe("Kept");
      expect(await second.migrate()).toEqual({ applied: 0, total });
      expect(await appliedMigrations(second)).toBe(journal.entries.length);
      await second.close();
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("rejects a URL that is not postgres:// with VALIDATION", async () => {
    await expectDomainError(createDb({ databaseUrl: "mysql://x@localhost/db" }), "VALIDATION");
    await expectDomainError(
      createDb({ databaseUrl: "postgres://x@localhost/db", poolSize: 0 }),
      "VALIDATION",
    );
  });

  it("surfaces a dead PostgreSQL server as UNAVAILABLE, quickly", async () => {
    const started = Date.now();
    const dead = await createDb({
      databaseUrl: "postgres://postgres@127.0.0.1:1/nothing",
      connectTimeoutSeconds: 2,
    });
    expect(dead.engine).toBe("postgres");
    await expectDomainError(dead.ping(), "UNAVAILABLE");
    await expectDomainError(getClient(dead, "CLT_ANY"), "UNAVAILABLE");
    await expectDomainError(dead.migrate(), "UNAVAILABLE");
    await dead.close();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe.each(testEngines())("an open database (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is migrated, answers ping, and re-running migrate is a no-op", async () => {
    expect(db.engine).toBe(engine);
    await db.ping();
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
    // Already migrated (openTestDb migrates; PGlite's open did and its first call says so).
    const total = journal.entries.length;
    const first = await db.migrate();
    expect(first.total).toBe(total);
    expect([0, total]).toContain(first.applied);
    expect(await db.migrate()).toEqual({ applied: 0, total });
    expect(await appliedMigrations(db)).toBe(journal.entries.length);
    const tables = await rows(
      db,
      sql`SELECT table_name FROM information_schema.tables
           WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((table) => table.table_name)).toEqual([
      "v2_analytics_fold",
      "v2_api_keys",
      "v2_budgets",
      "v2_clients",
      "v2_dashboard_sessions",
      "v2_model_prices",
      "v2_run_rollup_deltas",
      "v2_run_rollups",
      "v2_run_steps",
      "v2_runs",
      "v2_step_rollups",
      "v2_webhook_deliveries",
      "v2_webhook_endpoints",
      "v2_webhook_events",
    ]);
  });

  it("has the seed's v2_runs columns with their types", async () => {
    const columns = await rows(
      db,
      sql`SELECT column_name, data_type, numeric_precision, numeric_scale
            FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = 'v2_runs'`,
    );
    const byName = Object.fromEntries(columns.map((column) => [column.column_name, column]));
    const seed: Record<string, string> = {
      run_id: "text",
      client_id: "text",
      dossier_id: "text",
      status: "text",
      seed_data: "jsonb",
      total_tokens: "integer",
      total_cost: "numeric",
      started_at: "timestamp with time zone",
      completed_at: "timestamp with time zone",
      error_message: "text",
      triggered_by: "text",
      config_snapshot: "jsonb",
    };
    for (const [name, type] of Object.entries(seed)) {
      expect(byName[name]?.data_type, name).toBe(type);
    }
    expect(byName.total_cost).toMatchObject({ numeric_precision: 10, numeric_scale: 4 });
  });
});

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL only", () => {
  it("two migrations at once on one fresh database both succeed, applying each once", async () => {
    const name = await createTestDatabase();
    try {
      const url = urlForDatabase(process.env.DATABASE_URL ?? "", name);
      const [a, b] = await Promise.all([
        createDb({ databaseUrl: url }),
        createDb({ databaseUrl: url }),
      ]);
      await Promise.all([a.migrate(), b.migrate()]);
      expect(await appliedMigrations(a)).toBe(journal.entries.length);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await dropTestDatabase(name);
    }
  });

  it("`pnpm db:migrate` from two processes at once migrates an empty database", async () => {
    const name = await createTestDatabase();
    try {
      const env = {
        ...process.env,
        DATABASE_URL: urlForDatabase(process.env.DATABASE_URL ?? "", name),
      };
      const results = await Promise.all(
        [1, 2].map(() => run("pnpm", ["run", "--silent", "db:migrate"], { cwd: packageDir, env })),
      );
      // One applies them all, the other (after the lock) finds them applied.
      const total = journal.entries.length;
      expect(results.map((result) => result.stdout).sort()).toEqual([
        `applied ${total} of ${total} migrations (PostgreSQL)\n`,
        `up to date: ${total} of ${total} migrations already applied (PostgreSQL)\n`,
      ]);
      const check = await createDb({ databaseUrl: env.DATABASE_URL });
      expect(await appliedMigrations(check)).toBe(journal.entries.length);
      await check.close();
    } finally {
      await dropTestDatabase(name);
    }
  }, 60_000);

  it("maps a connection the server terminates mid-query to UNAVAILABLE", async () => {
    const db = await openTestDb("postgres");
    try {
      const slow = db.db.execute(sql`SELECT pg_sleep(10)`).catch((error: unknown) => error);
      const admin = await createDb({ databaseUrl: process.env.DATABASE_URL ?? "" });
      // Wait until the sleep is running, then terminate it from another connection.
      for (let i = 0; i < 50; i++) {
        const [found] = await rows(
          admin as TestDb,
          sql`SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = ${db.databaseUrl?.split("/").pop() ?? ""} AND query LIKE 'SELECT pg_sleep%'`,
        );
        if (Number(found?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await rows(
        admin as TestDb,
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`,
      );
      await admin.close();
      const mapped = toDomainError(await slow);
      expect(mapped).toMatchObject({ code: "UNAVAILABLE" });
    } finally {
      await db.close();
    }
  });

  it("leaves no test databases behind when a test database closes", async () => {
    const db = await openTestDb("postgres");
    const name = db.databaseUrl?.split("/").pop() ?? "";
    expect(name).toMatch(/^cl_test_\d+_[0-9a-f]+$/);
    await db.close();
    const admin = await createDb({ databaseUrl: process.env.DATABASE_URL ?? "" });
    const [row] = await rows(
      admin as TestDb,
      sql`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`,
    );
    await admin.close();
    expect(row?.n).toBe(0);
  });
});

describe("embedded database after close", () => {
  it("answers UNAVAILABLE", async () => {
    const db = await createDb({ inMemory: true });
    await db.close();
    await expectDomainError(db.ping(), "UNAVAILABLE");
    await expectDomainError(getClient(db, `CLT_${uniqueToken()}`), "UNAVAILABLE");
  });
});
