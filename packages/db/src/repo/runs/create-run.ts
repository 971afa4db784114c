import {
  conflict,
  formatRunId,
  generateDossierId,
  notFound,
  parseRunId,
  type RandomIntSource,
  type TriggeredBy,
} from "@columnline/domain";
import { eq } from "drizzle-orm";
import { type DbExecutor, type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { clients, runs } from "../../schema";
import { compareRunRequest } from "./compare-run-request";
import { parseCreateRunInput } from "./create-run-input";
import { nextFreeRunId } from "./run-id-allocation";
import type { InitialRunStatus, Run } from "./types";

export interface CreateRunInput {
  clientId: string;
  /** Caller-chosen (Make.com generates it at pipeline start); generated from `now` when omitted. */
  runId?: string;
  /** Generated (DOSS_<run day>_NNNN) when omitted. */
  dossierId?: string;
  /** Default "running": the seed's pipeline creates its run as it starts. */
  status?: InitialRunStatus;
  seedData?: Record<string, unknown> | null;
  triggeredBy?: TriggeredBy | null;
  /** Omitted: the client's config at this moment. */
  configSnapshot?: Record<string, unknown> | null;
}

export interface CreateRunOptions {
  now?: Date;
  /** Random source for generated dossier IDs (tests pin it to force collisions). */
  randomInt?: RandomIntSource;
}

export interface CreateRunResult {
  run: Run;
  /** false when an identical earlier request already created this run_id. */
  created: boolean;
}

const MAX_DOSSIER_ATTEMPTS = 10;
const MAX_INSERT_ATTEMPTS = 50;

async function loadClientConfig(executor: DbExecutor, clientId: string) {
  const [client] = await executor
    .select({ config: clients.config })
    .from(clients)
    .where(eq(clients.clientId, clientId));
  if (!client) throw notFound("client", clientId);
  return client.config;
}

/**
 * Creates a run. started_at is the instant the run_id encodes when the caller
 * gives one (the pipeline's start), else `now`. Generated IDs are retried on
 * collision: run_id with the next suffix (_2, _3, ...), dossier_id with a new
 * random number. A caller-given run_id that exists is idempotent: the same
 * request returns the stored run (created: false), a different one is a CONFLICT.
 */
export async function createRun(
  handle: DbHandle,
  input: CreateRunInput,
  options: CreateRunOptions = {},
): Promise<CreateRunResult> {
  const request = parseCreateRunInput(input);
  const now = options.now ?? new Date();
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const configSnapshot =
      request.configSnapshot !== undefined
        ? request.configSnapshot
        : await loadClientConfig(executor, request.clientId);
    const startedAt = request.runId ? (parseRunId(request.runId)?.startedAt ?? now) : now;
    let suffix = 1;
    let dossierAttempts = 0;
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt++) {
      const runId = request.runId ?? formatRunId(now, suffix);
      const dossierId = request.dossierId ?? generateDossierId(startedAt, options.randomInt);
      const [inserted] = await executor
        .insert(runs)
        .values({
          runId,
          clientId: request.clientId,
          dossierId,
          status: request.status,
          seedData: request.seedData,
          triggeredBy: request.triggeredBy,
          configSnapshot,
          startedAt,
        })
        .onConflictDoNothing()
        .returning();
      if (inserted) return { run: inserted, created: true };

      const [existing] = await executor.select().from(runs).where(eq(runs.runId, runId));
      if (existing && request.runId) {
        const difference = compareRunRequest(existing, { ...request, runId: request.runId });
        if (difference) throw difference;
        return { run: existing, created: false };
      }
      if (existing) {
        const next = await nextFreeRunId(executor, now, suffix + 1);
        if (!next) throw conflict(`every run_id for ${now.toISOString()} is taken`);
        suffix = next.suffix;
        continue;
      }
      // The run_id is free, so the dossier_id is what collided.
      if (request.dossierId) {
        const [holder] = await executor
          .select({ runId: runs.runId })
          .from(runs)
          .where(eq(runs.dossierId, request.dossierId));
        throw conflict(
          `dossier_id ${request.dossierId} is already used by run ${holder?.runId ?? "another run"}`,
          { dossierId: request.dossierId, runId: holder?.runId ?? null },
        );
      }
      dossierAttempts++;
      if (dossierAttempts >= MAX_DOSSIER_ATTEMPTS) break;
    }
    throw conflict(
      `could not allocate a free run_id/dossier_id for ${startedAt.toISOString()} after several attempts`,
    );
  });
}
