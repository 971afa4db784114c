import { DomainError } from "@columnline/domain";

export interface DataDirHolder {
  pid: number;
  /** The port the holder serves, when it is the API; null for `pnpm db:migrate`, tests, ... */
  port: number | null;
  hostname: string;
}

/**
 * A PGlite data folder another process holds: opening it too would give each process its
 * own view of the files, and one of them would lose what it acknowledged. Its message is
 * the whole story in one line, for a CLI to print as it is.
 */
export class DataDirInUseError extends DomainError {
  readonly dataDir: string;
  readonly lockFile: string;
  readonly holder: DataDirHolder;

  constructor(dataDir: string, lockFile: string, holder: DataDirHolder, sameHost: boolean) {
    const port = holder.port === null ? "" : ` (port ${holder.port})`;
    const where = sameHost ? "" : ` on host ${holder.hostname}`;
    const remedy =
      "stop that process, or set DATA_DIR to another folder or DATABASE_URL to use PostgreSQL";
    // A process on another host cannot be checked from here, so its lock is never taken over.
    const foreign = sameHost
      ? ""
      : ` (if ${holder.hostname} no longer runs it, delete ${lockFile})`;
    super(
      "CONFLICT",
      `data folder ${dataDir} is in use by pid ${holder.pid}${where}${port}; ${remedy}${foreign}`,
      { details: { dataDir, lockFile, ...holder } },
    );
    this.name = "DataDirInUseError";
    this.dataDir = dataDir;
    this.lockFile = lockFile;
    this.holder = holder;
  }
}
