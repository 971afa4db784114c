import type { Run, TriggeredBy } from "../api-types.js";
import type { RunsClient } from "../client/create-runs-client.js";
import { describeApiError } from "../client/describe-api-error.js";
import { formatRunId, generateDossierId } from "../ids/run-ids.js";
import { asBudgetExceeded } from "./budget-exceeded-error.js";

export interface CreateRunOptions {
  clientId: string;
  /** Give one to make the create idempotent across your own retries; generated from now otherwise. */
  runId?: string;
  /** Generated along with a generated run_id; chosen by the API for a run_id you give. */
  dossierId?: string;
  /** "pending" (the API's default) or "running". */
  status?: "pending" | "running";
  seedData?: Record<string, unknown> | null;
  /** Who started the run: "api" by default. */
  triggeredBy?: TriggeredBy;
  /** Omitted: the API snapshots the client's config as it is now. */
  configSnapshot?: Record<string, unknown> | null;
  /** The clock generated IDs read (tests pin it). */
  now?: () => Date;
}

const MAX_GENERATED_ID_ATTEMPTS = 12;

/**
 * The first run of a second takes the bare run_id; after the nth clash the
 * suffix is drawn from [2^n, 2^(n+1)), so a burst of hundreds of runs in one
 * second (or many workers probing at once) still finds a free id in a few tries.
 */
function suffixForAttempt(attempt: number, random: () => number): number {
  if (attempt === 0) return 1;
  const low = 2 ** attempt;
  return low + Math.floor(random() * low);
}

/**
 * Creates a run, idempotently. Without a caller's run_id, the run_id and a
 * dossier_id are made here, before the first attempt, so a create the
 * transport retries after a lost answer is the same request (the API answers
 * 200 with the stored run), never a second run; the random dossier_id makes
 * two creators' requests differ, so a clash is a 409 and another suffix is
 * tried. (Two creators sending the very same fields in the same second share a
 * run only if they also draw the same suffix and dossier number: about 1 in
 * 9,000 per clash.) With a caller's run_id, the API picks the dossier_id
 * unless one is given, so calling this again for the same run is harmless.
 * A client over a block_new_runs budget: BudgetExceededError (402), before any step.
 */
export async function createRun(client: RunsClient, options: CreateRunOptions): Promise<Run> {
  if (typeof options?.clientId !== "string" || options.clientId === "") {
    throw new TypeError("createRun needs clientId, e.g. { clientId: 'CLT_ACME_001' }");
  }
  const startedAt = (options.now ?? (() => new Date()))();
  const runIdGenerated = options.runId === undefined;
  let lastConflict: unknown;
  for (let attempt = 0; attempt < (runIdGenerated ? MAX_GENERATED_ID_ATTEMPTS : 1); attempt++) {
    const dossierId =
      options.dossierId ?? (runIdGenerated ? generateDossierId(startedAt) : undefined);
    try {
      const { run } = await client.runs.create.mutate({
        client_id: options.clientId,
        run_id: options.runId ?? formatRunId(startedAt, suffixForAttempt(attempt, Math.random)),
        ...(dossierId === undefined ? {} : { dossier_id: dossierId }),
        status: options.status ?? "pending",
        seed_data: options.seedData ?? null,
        triggered_by: options.triggeredBy ?? "api",
        ...(options.configSnapshot === undefined
          ? {}
          : { config_snapshot: options.configSnapshot }),
      });
      return run;
    } catch (error) {
      // Only a run_id made here may be swapped for another; a caller's conflicts for real.
      if (!runIdGenerated || describeApiError(error).status !== 409) throw asBudgetExceeded(error);
      lastConflict = error;
    }
  }
  throw lastConflict;
}
