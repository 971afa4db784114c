import { createDb } from "@columnline/db";
import postgres from "postgres";

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The admin URL with its database swapped for `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database `cl_bench_<timestamp>`, migrated with the db package's own
 * migrate(): the bench never touches a shared database's data.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `cl_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = await createDb({ databaseUrl: url });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return {
    name,
    url,
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
