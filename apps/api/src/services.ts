import type { Database } from "@columnline/db";
import type { Logger } from "pino";

/** What every core function may use; tests build it with a fake clock or a fresh database. */
export interface ApiServices {
  db: Database;
  logger: Logger;
  now: () => Date;
}
