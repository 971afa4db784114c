import { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL settings the embedded engine starts with, on top of PGlite's own (which keep
 * its fsync behaviour as it is). PGlite runs PostgreSQL inside this process's WebAssembly
 * memory, and initdb writes `shared_buffers = 128MB` into every folder's postgresql.conf:
 * a buffer pool that, once touched, stays resident for the life of the process, since
 * WebAssembly memory never shrinks. 16MB holds this service's working set; reads beyond it
 * are served from the OS page cache. Measured in bench/results/latest.md ("Memory").
 * A `-c` on the command line wins over postgresql.conf, so folders made before this
 * change get it too.
 */
export const EMBEDDED_SHARED_BUFFERS = "16MB";

export function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];
}
