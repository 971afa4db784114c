import type { startTestServer } from "@columnline/api/testing";

export type Engine = Parameters<typeof startTestServer>[0];

/** PGlite always; PostgreSQL too when DATABASE_URL is set, like the API's suites. */
export const e2eEngines = (): Engine[] =>
  process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
