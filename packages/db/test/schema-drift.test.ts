/**
 * The Drizzle schema (src/schema) and the hand-written SQL migrations describe the same tables.
 * Migrations after 0004 are written by hand (functions, triggers, backfills), so nothing else
 * keeps the two in step: a column added to one and not the other, or an index drizzle renders
 * differently (desc() is DESC NULLS LAST in drizzle, NULLS FIRST in PostgreSQL), fails here.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../src/testing";
import { rows } from "./helpers";

const packageDir = resolve(import.meta.dirname, "..");
const drizzleKit = join(packageDir, "node_modules", ".bin", "drizzle-kit");

/** Every table's columns, constraints and indexes, one text line each (triggers and functions are SQL-only). */
const CATALOG = `
  SELECT 'column ' || c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint ' || c.relname || '.' || con.conname || ': ' || pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
   ORDER BY 1`;

/** Runs drizzle-kit generate with migrations in `out`; answers its output. */
async function generate(out: string): Promise<string> {
  const config = join(out, "drizzle.config.json");
  writeFileSync(
    config,
    JSON.stringify({
      dialect: "postgresql",
      schema: "./src/schema/index.ts",
      // drizzle-kit reads `out` relative to the working directory (it prefixes "./").
      out: relative(packageDir, out),
    }),
  );
  const { stdout, stderr } = await promisify(execFile)(
    drizzleKit,
    ["generate", "--config", config, "--name", "drift_check"],
    { cwd: packageDir, timeout: 120_000 },
  );
  return `${stdout}${stderr}`;
}

describe("the Drizzle schema and the SQL migrations agree", () => {
  const scratch: string[] = [];
  let migrated: TestDb;
  beforeAll(async () => {
    migrated = await openTestDb("pglite");
  });
  afterAll(async () => {
    await migrated?.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
  const scratchDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "cl-drift-"));
    scratch.push(dir);
    return dir;
  };

  it("the latest snapshot is the schema: drizzle-kit generate finds nothing to migrate", async () => {
    const out = scratchDir();
    cpSync(join(packageDir, "migrations"), out, { recursive: true });
    const output = await generate(out);
    expect(output).toContain("No schema changes, nothing to migrate");
  });

  it("the migrations build exactly the tables, constraints and indexes the schema declares", async () => {
    // From an empty folder drizzle-kit writes the whole schema as one migration.
    const out = scratchDir();
    await generate(out);
    const file = readdirSync(out).find((name) => name.endsWith("_drift_check.sql"));
    if (!file) throw new Error(`drizzle-kit wrote no migration into ${out}`);
    const fromSchema = new PGlite();
    try {
      await fromSchema.exec(readFileSync(join(out, file), "utf8"));
      const declared = (await fromSchema.query<{ line: string }>(CATALOG)).rows.map(
        (row) => row.line,
      );
      const built = (await rows(migrated, sql.raw(CATALOG))).map((row) => String(row.line));
      expect(built).toEqual(declared);
      expect(declared.length).toBeGreaterThan(100);
    } finally {
      await fromSchema.close();
    }
  });
});
