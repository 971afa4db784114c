import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { ContentEncoding } from "./accept-encoding";
import { contentTypeOf } from "./content-types";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface DashboardFile {
  body: Buffer;
  /** base64url SHA-256 prefix of the body: the ETag, with the encoding appended when encoded. */
  hash: string;
  lastModified: Date;
  contentType: string;
  compressible: boolean;
  mtimeMs: number;
  /** Compressed bodies, made on first demand; null when compressing did not make it smaller. */
  encoded: Partial<Record<ContentEncoding, Promise<Buffer | null>>>;
}

/** Most files kept in memory; a dashboard build has a few dozen. */
const MAX_CACHED_FILES = 2_000;

/**
 * The dashboard's built files, read on first request and kept in memory with their
 * compressed forms (a rebuilt file, seen by its size and mtime, is read again). Only
 * regular files whose real path lies inside the folder are ever served: a symlink out of
 * it, or a path that escaped the request checks, finds nothing.
 */
export function createDashboardFiles(dir: string) {
  const cache = new Map<string, DashboardFile>();
  let root: string | null = null;
  const rootDir = async () => {
    // Looked up until found, so a dashboard built after the start is served without a restart.
    root ??= await realpath(dir).catch(() => null);
    return root;
  };

  async function find(relativePath: string): Promise<DashboardFile | null> {
    const base = await rootDir();
    if (base === null || relativePath === "") return null;
    const full = join(base, relativePath);
    if (!full.startsWith(base + sep)) return null;
    const stats = await stat(full).catch(() => null);
    if (!stats?.isFile()) return null;
    const cached = cache.get(relativePath);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.body.length === stats.size) {
      return cached;
    }
    const real = await realpath(full).catch(() => null);
    if (real === null || !real.startsWith(base + sep)) return null;
    const body = await readFile(real).catch(() => null);
    if (body === null) return null;
    const { type, compressible } = contentTypeOf(relativePath);
    const file: DashboardFile = {
      body,
      hash: createHash("sha256").update(body).digest("base64url").slice(0, 27),
      lastModified: stats.mtime,
      contentType: type,
      compressible,
      mtimeMs: stats.mtimeMs,
      encoded: {},
    };
    if (cache.size >= MAX_CACHED_FILES) cache.clear();
    cache.set(relativePath, file);
    return file;
  }

  /** The file's body in `encoding`, compressed once (off the event loop) and kept. */
  function encoded(file: DashboardFile, encoding: ContentEncoding): Promise<Buffer | null> {
    file.encoded[encoding] ??= compress(file.body, encoding).then(
      (compressed) => (compressed.length < file.body.length ? compressed : null),
      () => null,
    );
    return file.encoded[encoding];
  }

  return { find, encoded };
}

function compress(body: Buffer, encoding: ContentEncoding): Promise<Buffer> {
  if (encoding === "gzip") return gzipAsync(body, { level: 9 });
  // Quality 9 of 11: nearly the best ratio at a small part of quality 11's time.
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}
