/**
 * One process per PGlite data folder. PGlite takes no lock of its own, and two processes on
 * one folder each see only their own writes: what one of them acknowledged is lost once both
 * stop. Node has no flock(2), and a lock judged by its age (proper-lockfile's mtime) would
 * block a restart right after a SIGKILL for as long. So the lock is a file created atomically
 * (written aside, then hard-linked into place, which fails if the name exists), naming the
 * process that holds it; it is stale as soon as that process is gone (process-identity.ts),
 * and then taken over. A lock of another host is never taken over: its process cannot be
 * checked from here (a folder shared over NFS, or a container that came back under another
 * hostname: the refusal says which file to delete once that host no longer runs it).
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, mkdir, open, readFile, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DataDirInUseError } from "./data-dir-in-use-error";
import { fateOf, type ProcessIdentity, thisProcess } from "./process-identity";

/** Inside the folder, so every path to it (symlinks, relative paths) finds the same lock. */
export const LOCK_FILE_NAME = "columnline.lock";

interface LockRecord extends ProcessIdentity {
  /** The port the holder serves, to name it in a refusal. */
  port: number | null;
  startedAt: string;
  /** This holding's own: tells it from a later lock of the same process. */
  nonce: string;
}

interface LockFile {
  raw: string;
  /** null: not a lock this code wrote (damaged, or a stranger's). */
  record: LockRecord | null;
}

export interface LiveHolder {
  record: LockRecord;
  sameHost: boolean;
}

export interface DataDirLock {
  /** The folder, as an absolute path. */
  readonly dataDir: string;
  readonly lockFile: string;
  /** Removes the lock file if it is still this lock's. Safe to call twice. */
  release(): Promise<void>;
}

/** Locks and takeover claims this process holds (needed where pids have no start time). */
const heldNonces = new Set<string>();
/** Lock files to remove should the process exit with its database still open. */
const releaseAtExit = new Map<string, string>();
let exitHookInstalled = false;

/**
 * How long to wait for another process that is taking a stale lock over (it takes
 * milliseconds), to see whether it ends up holding the folder, before naming it as the holder.
 */
const TAKEOVER_WAIT_MS = 2000;
const TAKEOVER_POLL_MS = 10;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

function newRecord(port: number | null): LockRecord {
  return {
    ...thisProcess(),
    port,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString("hex"),
  };
}

const rawOf = (record: LockRecord) => `${JSON.stringify(record)}\n`;

function parseRecord(raw: string): LockRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { pid, hostname, nonce, port, bootId, startTicks, startedAt } = value as Record<
    string,
    unknown
  >;
  if (typeof pid !== "number" || !Number.isSafeInteger(pid) || pid <= 0) return null;
  if (typeof hostname !== "string" || typeof nonce !== "string") return null;
  return {
    pid,
    hostname,
    nonce,
    port: typeof port === "number" && Number.isInteger(port) ? port : null,
    bootId: typeof bootId === "string" ? bootId : null,
    startTicks: typeof startTicks === "string" ? startTicks : null,
    startedAt: typeof startedAt === "string" ? startedAt : "",
  };
}

async function readLockFile(path: string): Promise<LockFile | null> {
  try {
    const raw = await readFile(path, "utf8");
    return { raw, record: parseRecord(raw) };
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((error: unknown) => {
    if (errorCode(error) !== "ENOENT") throw error;
  });
}

/** The process holding a lock file, or null when the file is stale. */
function liveHolder({ record }: LockFile): LiveHolder | null {
  // Lock files are never seen half written (createExclusively), so one that does not parse
  // was damaged, or never was a lock: no live holder stands behind it.
  if (record === null) return null;
  switch (fateOf(record)) {
    case "gone":
      return null;
    case "this-process":
      return heldNonces.has(record.nonce) ? { record, sameHost: true } : null;
    case "other-host":
      return { record, sameHost: false };
    case "running":
      return { record, sameHost: true };
  }
}

/** Creates `path` holding `raw` unless it exists: written and flushed aside, then linked. */
async function createExclusively(path: string, raw: string, nonce: string): Promise<boolean> {
  const aside = `${path}.${nonce}.tmp`;
  const handle = await open(aside, "wx");
  try {
    await handle.writeFile(raw);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  } finally {
    await removeFile(aside);
  }
}

/**
 * Creates the lock file `path` for `record`, taking a stale one over. Answers the live
 * holder instead when there is one; writes nothing then.
 */
async function acquire(path: string, record: LockRecord): Promise<LiveHolder | null> {
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    const current = await readLockFile(path);
    if (current === null) {
      // Held from before the link, so this process never judges its own new lock stale.
      heldNonces.add(record.nonce);
      let created = false;
      try {
        created = await createExclusively(path, rawOf(record), record.nonce);
      } finally {
        if (!created) heldNonces.delete(record.nonce);
      }
      if (created) return null;
      if (Date.now() > deadline) {
        throw new Error(`could not create ${path}: other processes keep creating and removing it`);
      }
      continue;
    }
    const holder = liveHolder(current);
    if (holder) return holder;
    const claimant = await removeStaleLock(path, current.raw);
    if (claimant) {
      if (Date.now() > deadline) return claimant;
      await new Promise((done) => setTimeout(done, TAKEOVER_POLL_MS));
    }
  }
}

/** The takeover claim for one stale lock file's content. */
export function takeoverClaimPath(lockFile: string, staleRaw: string): string {
  return `${lockFile}.takeover-${createHash("sha256").update(staleRaw).digest("hex").slice(0, 16)}`;
}

/**
 * Removes a stale lock file, race-free among processes that found it at once. A plain unlink
 * is not: a slower one would remove the fresh lock a faster one had just created in its
 * place. So only the process holding the takeover claim for that very content may remove
 * it, and it checks the content is still there first; nobody else can have removed it
 * meanwhile. A claim left by a process that died mid-takeover is stale in turn, and taken
 * over the same way. Answers the live claimant when another process holds the claim.
 */
export async function removeStaleLock(path: string, staleRaw: string): Promise<LiveHolder | null> {
  const claimPath = takeoverClaimPath(path, staleRaw);
  const claim = newRecord(null);
  const claimant = await acquire(claimPath, claim);
  if (claimant) return claimant;
  try {
    if ((await readLockFile(path))?.raw === staleRaw) await removeFile(path);
  } finally {
    await removeFile(claimPath);
    heldNonces.delete(claim.nonce);
  }
  return null;
}

function removeLocksAtExit(): void {
  for (const [path, raw] of releaseAtExit) {
    try {
      if (readFileSync(path, "utf8") === raw) unlinkSync(path);
    } catch {
      // Gone already, or unreadable: nothing this process can do as it exits.
    }
  }
}

/**
 * Takes the data folder (created if missing) for this process until release() or exit.
 * Throws DataDirInUseError, having written nothing, when a live process holds it; takes a
 * lock left by a dead one over (SIGKILL, power loss: its pid is gone, or reused by another
 * process, or from an earlier boot).
 */
export async function lockDataDir(
  dataDir: string,
  options: { port?: number | null } = {},
): Promise<DataDirLock> {
  const folder = resolve(dataDir);
  await mkdir(folder, { recursive: true });
  const lockFile = join(folder, LOCK_FILE_NAME);
  const record = newRecord(options.port ?? null);
  const holder = await acquire(lockFile, record);
  if (holder) {
    const { pid, port, hostname } = holder.record;
    throw new DataDirInUseError(folder, lockFile, { pid, port, hostname }, holder.sameHost);
  }
  const raw = rawOf(record);
  releaseAtExit.set(lockFile, raw);
  if (!exitHookInstalled) {
    process.on("exit", removeLocksAtExit);
    exitHookInstalled = true;
  }
  let released = false;
  return {
    dataDir: folder,
    lockFile,
    async release() {
      if (released) return;
      released = true;
      releaseAtExit.delete(lockFile);
      try {
        if ((await readLockFile(lockFile))?.raw === raw) await removeFile(lockFile);
      } finally {
        heldNonces.delete(record.nonce);
      }
    },
  };
}
