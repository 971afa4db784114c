import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  createRun,
  expectStatus,
  getRun,
  recordStep,
  runningRun,
  usage,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

const HOUR = 3_600_000;
/** The harness's RUN_TIMEOUT. */
const RUN_TIMEOUT = 6 * HOUR;

/**
 * Register last in a file: moving the clock past RUN_TIMEOUT fails every pending or running
 * run in the database, whichever test made it.
 */
export function reaperSuite(env: SuiteEnv): void {
  describe("the stuck-run reaper", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });
    afterEach(() => {
      api.setNow(null);
    });

    it("fails pending and running runs idle for longer than RUN_TIMEOUT, saying since when", async () => {
      const clientId = await createClient(api);
      const pending = await createRun(api, clientId);
      const running = await runningRun(api, clientId);
      await recordStep(api, running.run_id, {
        step_id: "s",
        model: "gpt-4o",
        usage: usage(1000, 500),
      });
      const completed = await runningRun(api, clientId);
      expectStatus(await api.rest("POST", `/runs/${completed.run_id}/complete`), 200);
      const lastActivity = {
        pending: (await getRun(api, pending.run_id)).last_activity_at,
        running: (await getRun(api, running.run_id)).last_activity_at,
      };
      const completedBefore = await getRun(api, completed.run_id);

      // Not yet idle for RUN_TIMEOUT: nothing happens.
      api.setNow(new Date(Date.now() + RUN_TIMEOUT - 5 * 60_000));
      await api.reap();
      expect((await getRun(api, pending.run_id)).status).toBe("pending");
      expect((await getRun(api, running.run_id)).status).toBe("running");

      api.setNow(new Date(Date.now() + RUN_TIMEOUT + 5 * 60_000));
      // Two instances sweeping at once fail each run once.
      await Promise.all([api.reap(), api.reap()]);

      const reapedPending = await getRun(api, pending.run_id);
      expect(reapedPending.status).toBe("failed");
      expect(reapedPending.error_message).toMatch(/timed out/i);
      expect(reapedPending.error_message).toContain(lastActivity.pending);
      expect(reapedPending.error_message).toContain("pending");
      expect(reapedPending.completed_at).toMatch(/Z$/);

      const reapedRunning = await getRun(api, running.run_id);
      expect(reapedRunning).toMatchObject({
        status: "failed",
        total_tokens: 1500,
        total_cost: "0.0075",
      });
      expect(reapedRunning.error_message).toMatch(/timed out/i);
      expect(reapedRunning.error_message).toContain(lastActivity.running);

      // Terminal runs are left alone.
      expect(await getRun(api, completed.run_id)).toEqual(completedBefore);
    });

    it("counts a step as activity: a run idle since creation but not since its step is kept", async () => {
      const clientId = await createClient(api);
      const run = await runningRun(api, clientId);
      const created = Date.parse(run.last_activity_at);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await recordStep(api, run.run_id, { step_id: "s", usage: usage(1, 1) });
      const afterStep = Date.parse((await getRun(api, run.run_id)).last_activity_at);
      expect(afterStep - created).toBeGreaterThanOrEqual(100);

      // Idle for longer than the timeout since creation, but not since the step: kept.
      api.setNow(new Date(created + RUN_TIMEOUT + 50));
      await api.reap();
      expect((await getRun(api, run.run_id)).status).toBe("running");
      api.setNow(new Date(afterStep + RUN_TIMEOUT + 1000));
      await api.reap();
      expect((await getRun(api, run.run_id)).status).toBe("failed");
    });
  });
}
