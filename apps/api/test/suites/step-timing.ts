import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectError,
  expectStatus,
  getRun,
  issuePaths,
  recordStep,
  runningRun,
  type StepJson,
  usage,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

const STARTED = "2026-01-15T18:12:38.250Z";
const base = { model: "gpt-4o", usage: usage(1000, 500) };

/** Steps' optional started_at, duration_ms / completed_at and metadata, over REST and tRPC. */
export function stepTimingSuite(env: SuiteEnv): void {
  describe("step timing and metadata", () => {
    let api: TestApi;
    let clientId: string;
    beforeAll(async () => {
      api = env.api;
      clientId = await createClient(api);
    });

    it("records started_at, duration_ms and metadata and answers completed_at, on record and list", async () => {
      const run = await runningRun(api, clientId);
      const metadata = { prompt_version: "research-v3", attempt: 2, trace: { id: "abc" } };
      const recorded = await recordStep(api, run.run_id, {
        step_id: "timed",
        ...base,
        started_at: "2026-01-15T19:12:38.250+01:00",
        duration_ms: 1750,
        metadata,
      });
      const timing = {
        started_at: STARTED,
        duration_ms: 1750,
        completed_at: "2026-01-15T18:12:40.000Z",
        metadata,
      };
      expect(recorded.step).toMatchObject(timing);
      const derived = await recordStep(api, run.run_id, {
        step_id: "ended",
        ...base,
        started_at: STARTED,
        completed_at: "2026-01-15T18:12:41.000Z",
      });
      expect(derived.step).toMatchObject({ duration_ms: 2750, metadata: null });
      const bare = await recordStep(api, run.run_id, { step_id: "bare", ...base });
      const nothing = { started_at: null, duration_ms: null, completed_at: null, metadata: null };
      expect(bare.step).toMatchObject(nothing);
      const durationOnly = await recordStep(api, run.run_id, {
        step_id: "duration-only",
        ...base,
        duration_ms: 0,
      });
      expect(durationOnly.step).toMatchObject({ ...nothing, duration_ms: 0 });
      const listed = expectStatus(
        await api.rest<StepJson[]>("GET", `/runs/${run.run_id}/steps`),
        200,
      );
      expect(listed[0]).toMatchObject(timing);
      expect(listed.map((step) => step.duration_ms)).toEqual([1750, 2750, null, 0]);
    });

    it("answers 400 naming the field for inconsistent timing, and writes nothing", async () => {
      const run = await runningRun(api, clientId);
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [
          { started_at: STARTED, completed_at: "2026-01-15T18:12:38.000Z" },
          "completed_at",
          /must not be before started_at/,
        ],
        [
          { started_at: STARTED, completed_at: "2026-01-15T18:12:40.000Z", duration_ms: 1000 },
          "duration_ms",
          /does not match completed_at - started_at \(1750 ms\)/,
        ],
        [{ completed_at: "2026-01-15T18:12:40.000Z" }, "completed_at", /needs started_at/],
        [{ duration_ms: -1 }, "duration_ms", /at least 0/],
        [{ duration_ms: 604_800_001 }, "duration_ms", /at most 604800000/],
        [{ duration_ms: 1.5 }, "duration_ms", /integer/],
        [{ started_at: "2026-01-15" }, "started_at", /ISO-8601 date-time/],
        [{ started_at: "yesterday" }, "started_at", /ISO-8601 date-time/],
      ];
      for (const [fields, path, message] of cases) {
        const body = { step_id: "bad", ...base, ...fields };
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, body),
          400,
          "VALIDATION",
        );
        expect(issuePaths(error), JSON.stringify(fields)).toEqual([path]);
        expect(error.issues?.[0]?.message).toMatch(message);
      }
      expect((await getRun(api, run.run_id)).total_tokens).toBe(0);
    });

    it("answers 400 for metadata over 16 KB (naming the limit) or not an object", async () => {
      const run = await runningRun(api, clientId);
      const large = { notes: "é".repeat(8200) }; // 16,412 bytes of JSON
      const tooLarge = expectError(
        await api.rest("POST", `/runs/${run.run_id}/steps`, {
          step_id: "m",
          ...base,
          metadata: large,
        }),
        400,
      );
      expect(tooLarge.issues).toEqual([
        {
          path: "metadata",
          message: expect.stringMatching(
            /at most 16384 bytes \(16 KB\) as JSON; this one is 16412 bytes/,
          ),
        },
      ]);
      for (const metadata of [[1, 2], "notes", 3]) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { step_id: "m", ...base, metadata }),
          400,
        );
        expect(error.issues).toEqual([
          { path: "metadata", message: "metadata must be a JSON object" },
        ]);
      }
      expect((await getRun(api, run.run_id)).total_tokens).toBe(0);
    });

    it("answers a retry with the same timing and metadata with 200, and other ones with 409", async () => {
      const run = await runningRun(api, clientId);
      const body = {
        step_id: "once",
        ...base,
        started_at: STARTED,
        duration_ms: 1750,
        metadata: { attempt: 1, prompt: "v3" },
      };
      const first = await recordStep(api, run.run_id, body, 201);
      // The end instead of the duration, keys in another order: the same request.
      const { duration_ms: _, ...withoutDuration } = body;
      const retry = await recordStep(
        api,
        run.run_id,
        {
          ...withoutDuration,
          completed_at: "2026-01-15T18:12:40Z",
          metadata: { prompt: "v3", attempt: 1 },
        },
        200,
      );
      expect(retry).toMatchObject({ duplicate: true, step: first.step });
      for (const change of [
        { metadata: { attempt: 2, prompt: "v3" } },
        { metadata: null },
        { duration_ms: 1751 },
        { started_at: "2026-01-15T18:12:38.251Z" },
      ]) {
        expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { ...body, ...change }),
          409,
          "CONFLICT",
        );
      }
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 1500,
        total_cost: "0.0075",
      });
    });

    it("carries them over tRPC", async () => {
      const run = await runningRun(api, clientId);
      const trpc = api.trpc();
      const recorded = await trpc.steps.record.mutate({
        run_id: run.run_id,
        step_id: "typed",
        ...base,
        started_at: STARTED,
        completed_at: "2026-01-15T18:12:39.000Z",
        metadata: { source: "trpc" },
      });
      expect(recorded.step).toMatchObject({
        started_at: STARTED,
        duration_ms: 750,
        completed_at: "2026-01-15T18:12:39.000Z",
        metadata: { source: "trpc" },
      });
      const [listed] = await trpc.steps.list.query({ run_id: run.run_id });
      expect(listed).toEqual(recorded.step);
    });
  });
}
