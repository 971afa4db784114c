/**
 * Whatever a file does to the server, the suite starts with PostgreSQL up and leaves it up.
 * (Each file that restarts it also restores it in its own afterAll and finally blocks.)
 */
import { ensurePostgresRunning } from "./postgres";

export async function setup(): Promise<void> {
  await ensurePostgresRunning();
}

export async function teardown(): Promise<void> {
  await ensurePostgresRunning();
}
