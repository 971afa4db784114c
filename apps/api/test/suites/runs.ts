import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  addSeconds,
  createClient,
  createRun,
  expectError,
  expectStatus,
  freshInstant,
  getRun,
  issuePaths,
  type RunJson,
  runIdAt,
  runningRun,
} from "../fixtures";
import { freshRunId, type TestApi, uniqueToken } from "../harness";
import type { SuiteEnv } from "./suite-env";

interface RunPage {
  items: RunJson[];
  next_cursor: string | null;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function runsSuite(env: SuiteEnv): void {
  describe("runs over REST", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });
    afterEach(() => {
      api.setNow(null);
    });

    describe("create", () => {
      it("creates a run with caller IDs: 201 with the run, pending and triggered_by api by default", async () => {
        const clientId = await createClient(api, { tier: "gold" });
        const startedAt = freshInstant();
        const runId = runIdAt(startedAt);
        const dossierId = `DOSS_${runId.slice(4, 12)}_4523`;
        const response = await api.rest<RunJson>("POST", "/runs", {
          client_id: clientId,
          run_id: runId,
          dossier_id: dossierId,
          seed_data: { lead_url: "https://example.com/lead", signal: "hiring" },
        });
        const run = expectStatus(response, 201);
        expect(run).toMatchObject({
          run_id: runId,
          client_id: clientId,
          dossier_id: dossierId,
          status: "pending",
          triggered_by: "api",
          seed_data: { lead_url: "https://example.com/lead", signal: "hiring" },
          config_snapshot: { tier: "gold" },
          total_tokens: 0,
          total_cost: "0.0000",
          completed_at: null,
          error_message: null,
        });
        // started_at is the instant the caller's run_id encodes.
        expect(run.started_at).toBe(startedAt.toISOString());
        expect(await getRun(api, runId)).toEqual(run);
      });

      it("creates a run as running, triggered by make.com", async () => {
        const clientId = await createClient(api);
        const run = await createRun(api, clientId, { status: "running", triggered_by: "make.com" });
        expect(run).toMatchObject({ status: "running", triggered_by: "make.com" });
      });

      it("answers a repeat with the same fields with 200 and the stored run", async () => {
        const clientId = await createClient(api);
        const body = {
          client_id: clientId,
          run_id: freshRunId(),
          seed_data: { lead: "x", nested: { a: 1, b: [1, 2] } },
          triggered_by: "make.com",
        };
        const first = expectStatus(await api.rest<RunJson>("POST", "/runs", body), 201);
        const again = await api.rest<RunJson>("POST", "/runs", body);
        expect(expectStatus(again, 200)).toEqual(first);
        // Key order inside seed_data does not make it a different request.
        const reordered = {
          ...body,
          seed_data: { nested: { b: [1, 2], a: 1 }, lead: "x" },
        };
        expect(expectStatus(await api.rest<RunJson>("POST", "/runs", reordered), 200)).toEqual(
          first,
        );
        // Still one run.
        const page = expectStatus(
          await api.rest<RunPage>("GET", `/runs?client_id=${clientId}`),
          200,
        );
        expect(page.items.map((run) => run.run_id)).toEqual([first.run_id]);
      });

      it("answers a repeat after the run moved on with 200 and the run as it now stands", async () => {
        const clientId = await createClient(api);
        const body = { client_id: clientId, run_id: freshRunId() };
        expectStatus(await api.rest("POST", "/runs", body), 201);
        expectStatus(await api.rest("POST", `/runs/${body.run_id}/start`), 200);
        const again = expectStatus(await api.rest<RunJson>("POST", "/runs", body), 200);
        expect(again.status).toBe("running");
      });

      it("answers a repeat with different fields with 409 naming them", async () => {
        const clientId = await createClient(api);
        const otherClient = await createClient(api);
        const runId = freshRunId();
        const stored = expectStatus(
          await api.rest<RunJson>("POST", "/runs", {
            client_id: clientId,
            run_id: runId,
            seed_data: { lead: "a" },
          }),
          201,
        );
        const variants: [Record<string, unknown>, string][] = [
          [{ seed_data: { lead: "b" } }, "seed_data"],
          [{ client_id: otherClient }, "client_id"],
          [{ triggered_by: "manual" }, "triggered_by"],
          [{ dossier_id: "DOSS_20200101_1234" }, "dossier_id"],
          [{ config_snapshot: { other: true } }, "config_snapshot"],
        ];
        for (const [change, field] of variants) {
          const body = expectError(
            await api.rest("POST", "/runs", {
              client_id: clientId,
              run_id: runId,
              seed_data: { lead: "a" },
              ...change,
            }),
            409,
            "CONFLICT",
          );
          expect(body.message).toContain(runId);
          expect(body.message).toContain(field);
        }
        expect(await getRun(api, runId)).toEqual(stored);
      });

      it("answers 404 naming an unknown client_id", async () => {
        const clientId = `CLT_${uniqueToken()}`;
        const body = expectError(
          await api.rest("POST", "/runs", { client_id: clientId, run_id: freshRunId() }),
          404,
          "NOT_FOUND",
        );
        expect(body.message).toContain(clientId);
      });

      it("answers 400 for a malformed run_id or dossier_id, naming the field", async () => {
        const clientId = await createClient(api);
        const cases: [Record<string, unknown>, string][] = [
          [{ run_id: "RUN_20261345_256000" }, "run_id"],
          [{ run_id: "RUN_2026011_181206" }, "run_id"],
          [{ run_id: "run_20260115_181206" }, "run_id"],
          [{ run_id: "RUN_20260115_181206_1" }, "run_id"],
          [{ dossier_id: "DOSS_20260115_999" }, "dossier_id"],
          [{ dossier_id: "DOSS_20260230_4523" }, "dossier_id"],
          [{ dossier_id: 4523 }, "dossier_id"],
          [{ status: "completed" }, "status"],
          [{ triggered_by: "cron" }, "triggered_by"],
          [{ seed_data: "lead" }, "seed_data"],
          [{ priority: 1 }, "priority"],
        ];
        for (const [fields, path] of cases) {
          const body = expectError(
            await api.rest("POST", "/runs", { client_id: clientId, ...fields }),
            400,
            "VALIDATION",
          );
          expect(issuePaths(body), JSON.stringify(fields)).toEqual([path]);
        }
        const missing = expectError(await api.rest("POST", "/runs", {}), 400);
        expect(issuePaths(missing)).toEqual(["client_id"]);
      });

      it("generates missing IDs: RUN_ from now, DOSS_ of the same day; _2 for a second run that second", async () => {
        const clientId = await createClient(api);
        const now = new Date(freshInstant().getTime() + 123);
        api.setNow(now);
        const first = await createRun(api, clientId, { run_id: undefined });
        const second = await createRun(api, clientId, { run_id: undefined });
        expect(first.run_id).toBe(runIdAt(now));
        expect(second.run_id).toBe(`${runIdAt(now)}_2`);
        for (const run of [first, second]) {
          expect(run.dossier_id).toMatch(/^DOSS_\d{8}_\d{4}$/);
          expect(run.dossier_id?.slice(5, 13)).toBe(run.run_id.slice(4, 12));
          expect(run.started_at).toBe(now.toISOString());
        }
        expect(first.dossier_id).not.toBe(second.dossier_id);
      });

      it("refuses a dossier_id another run holds with 409", async () => {
        const clientId = await createClient(api);
        const first = await createRun(api, clientId);
        const body = expectError(
          await api.rest("POST", "/runs", {
            client_id: clientId,
            run_id: freshRunId(),
            dossier_id: first.dossier_id,
          }),
          409,
          "CONFLICT",
        );
        expect(body.message).toContain(String(first.dossier_id));
      });

      it("snapshots the client's config at creation; a later PATCH does not change the run", async () => {
        const clientId = await createClient(api, { tier: "gold", limit: 5 });
        const before = await createRun(api, clientId);
        expect(before.config_snapshot).toEqual({ tier: "gold", limit: 5 });

        expectStatus(
          await api.rest("PATCH", `/clients/${clientId}`, { config: { tier: "silver" } }),
          200,
        );
        expect((await getRun(api, before.run_id)).config_snapshot).toEqual({
          tier: "gold",
          limit: 5,
        });
        const after = await createRun(api, clientId);
        expect(after.config_snapshot).toEqual({ tier: "silver" });

        const explicit = await createRun(api, clientId, { config_snapshot: { custom: true } });
        expect(explicit.config_snapshot).toEqual({ custom: true });
      });
    });

    describe("read and list", () => {
      it("answers 404 for an unknown run", async () => {
        const runId = freshRunId();
        const body = expectError(await api.rest("GET", `/runs/${runId}`), 404, "NOT_FOUND");
        expect(body.message).toContain(runId);
        expectError(await api.rest("GET", "/runs/RUN_NOT_AN_ID"), 400, "VALIDATION");
      });

      it("filters by client_id, status, triggered_by, started_after and started_before", async () => {
        const clientId = await createClient(api);
        const base = freshInstant();
        const at = (day: number) => runIdAt(addDays(base, day));
        const pending = await createRun(api, clientId, { run_id: at(0), triggered_by: "api" });
        const running = await createRun(api, clientId, {
          run_id: at(1),
          status: "running",
          triggered_by: "make.com",
        });
        const completed = await createRun(api, clientId, {
          run_id: at(2),
          status: "running",
          triggered_by: "make.com",
        });
        expectStatus(await api.rest("POST", `/runs/${completed.run_id}/complete`), 200);
        const failed = await createRun(api, clientId, { run_id: at(3), triggered_by: "manual" });
        expectStatus(
          await api.rest("POST", `/runs/${failed.run_id}/fail`, { error_message: "no lead" }),
          200,
        );
        // Another client's run in the same days must not show up.
        await createRun(api, await createClient(api), { run_id: runIdAt(addSeconds(base, 1)) });

        const ids = async (query: string) => {
          const page = expectStatus(
            await api.rest<RunPage>("GET", `/runs?client_id=${clientId}&${query}`),
            200,
          );
          return page.items.map((run) => run.run_id);
        };
        // Newest first.
        expect(await ids("")).toEqual([failed, completed, running, pending].map((r) => r.run_id));
        expect(await ids("status=pending")).toEqual([pending.run_id]);
        expect(await ids("status=running")).toEqual([running.run_id]);
        expect(await ids("status=completed")).toEqual([completed.run_id]);
        expect(await ids("status=failed")).toEqual([failed.run_id]);
        expect(await ids("triggered_by=make.com")).toEqual([completed.run_id, running.run_id]);
        expect(await ids("triggered_by=manual")).toEqual([failed.run_id]);
        // started_after is inclusive, started_before exclusive.
        const day = (n: number) => encodeURIComponent(addDays(base, n).toISOString());
        expect(await ids(`started_after=${day(2)}`)).toEqual([failed.run_id, completed.run_id]);
        expect(await ids(`started_before=${day(2)}`)).toEqual([running.run_id, pending.run_id]);
        expect(await ids(`started_after=${day(1)}&started_before=${day(3)}`)).toEqual([
          completed.run_id,
          running.run_id,
        ]);
        expect(await ids(`status=completed&triggered_by=manual`)).toEqual([]);

        const other = expectStatus(
          await api.rest<RunPage>("GET", `/runs?client_id=CLT_${uniqueToken()}`),
          200,
        );
        expect(other).toEqual({ items: [], next_cursor: null });
      });

      it("bounds limit to 1..200 and rejects bad filters with 400 naming them", async () => {
        for (const query of ["limit=0", "limit=201", "limit=-1", "limit=1.5", "limit=ten"]) {
          const body = expectError(await api.rest("GET", `/runs?${query}`), 400, "VALIDATION");
          expect(issuePaths(body), query).toEqual(["limit"]);
        }
        expectStatus(await api.rest("GET", "/runs?limit=1"), 200);
        expectStatus(await api.rest("GET", "/runs?limit=200"), 200);
        const cases: [string, string][] = [
          ["status=done", "status"],
          ["triggered_by=cron", "triggered_by"],
          ["started_after=yesterday", "started_after"],
          ["started_before=0000-01-01T00:00:00Z", "started_before"],
          ["client_id=bad%20id", "client_id"],
          ["cursor=not-a-cursor", "cursor"],
          ["sort=asc", "sort"],
        ];
        for (const [query, path] of cases) {
          const body = expectError(await api.rest("GET", `/runs?${query}`), 400, "VALIDATION");
          expect(issuePaths(body), query).toEqual([path]);
        }
      });

      it("walks every page with the cursor, without duplicates or gaps, newest first", async () => {
        const clientId = await createClient(api);
        const base = freshInstant();
        const runIds: string[] = [];
        // Seven runs, two pairs sharing a second (RUN_..._2), so ties straddle page boundaries.
        for (const offset of [0, 10, 10, 20, 30, 30, 40]) {
          const at = addSeconds(base, offset);
          const taken = runIds.includes(runIdAt(at));
          const runId = taken ? `${runIdAt(at)}_2` : runIdAt(at);
          runIds.push((await createRun(api, clientId, { run_id: runId })).run_id);
        }
        const expected = [...runIds].sort((a, b) => {
          const byTime = b.slice(0, 19).localeCompare(a.slice(0, 19));
          return byTime !== 0 ? byTime : b.localeCompare(a);
        });

        for (const limit of [1, 2, 3, 7, 50]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const query: string = `/runs?client_id=${clientId}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
            const page: RunPage = expectStatus(await api.rest<RunPage>("GET", query), 200);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((run) => run.run_id));
            cursor = page.next_cursor;
            pages++;
          } while (cursor !== null && pages < 20);
          expect(seen, `limit ${limit}`).toEqual(expected);
          expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        }
      });

      it("keeps a cursor's filters: paging within a status", async () => {
        const clientId = await createClient(api);
        const base = freshInstant();
        const running: string[] = [];
        for (let i = 0; i < 5; i++) {
          const run = await createRun(api, clientId, {
            run_id: runIdAt(addSeconds(base, i)),
            status: i % 2 === 0 ? "running" : "pending",
          });
          if (run.status === "running") running.unshift(run.run_id);
        }
        const first = expectStatus(
          await api.rest<RunPage>("GET", `/runs?client_id=${clientId}&status=running&limit=2`),
          200,
        );
        const second = expectStatus(
          await api.rest<RunPage>(
            "GET",
            `/runs?client_id=${clientId}&status=running&limit=2&cursor=${first.next_cursor}`,
          ),
          200,
        );
        expect([...first.items, ...second.items].map((run) => run.run_id)).toEqual(running);
        expect(second.next_cursor).toBeNull();
      });
    });

    describe("transitions", () => {
      it("starts, then completes a run; completed_at is set", async () => {
        const clientId = await createClient(api);
        const run = await createRun(api, clientId);
        const started = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${run.run_id}/start`),
          200,
        );
        expect(started).toMatchObject({ status: "running", completed_at: null });
        const completed = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${run.run_id}/complete`),
          200,
        );
        expect(completed.status).toBe("completed");
        expect(completed.completed_at).toMatch(ISO_UTC);
        expect(await getRun(api, run.run_id)).toEqual(completed);
      });

      it("fails a running run with its error_message, and a pending one too", async () => {
        const clientId = await createClient(api);
        const running = await runningRun(api, clientId);
        const failed = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${running.run_id}/fail`, {
            error_message: "LLM provider returned 500 three times",
          }),
          200,
        );
        expect(failed).toMatchObject({
          status: "failed",
          error_message: "LLM provider returned 500 three times",
        });
        expect(failed.completed_at).toMatch(ISO_UTC);

        const pending = await createRun(api, clientId);
        const failedPending = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${pending.run_id}/fail`, {
            error_message: "lead vanished before the first step",
          }),
          200,
        );
        expect(failedPending).toMatchObject({
          status: "failed",
          error_message: "lead vanished before the first step",
        });
      });

      it("answers a repeated transition with the same payload with 200 and the run unchanged", async () => {
        const clientId = await createClient(api);
        const run = await createRun(api, clientId);
        const started = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${run.run_id}/start`),
          200,
        );
        expect(
          expectStatus(await api.rest<RunJson>("POST", `/runs/${run.run_id}/start`), 200),
        ).toEqual(started);

        const completed = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${run.run_id}/complete`),
          200,
        );
        expect(
          expectStatus(await api.rest<RunJson>("POST", `/runs/${run.run_id}/complete`), 200),
        ).toEqual(completed);

        const other = await runningRun(api, clientId);
        const payload = { error_message: "timeout talking to the CRM" };
        const failed = expectStatus(
          await api.rest<RunJson>("POST", `/runs/${other.run_id}/fail`, payload),
          200,
        );
        expect(
          expectStatus(await api.rest<RunJson>("POST", `/runs/${other.run_id}/fail`, payload), 200),
        ).toEqual(failed);
        // The same transition with a different payload would rewrite history.
        const body = expectError(
          await api.rest("POST", `/runs/${other.run_id}/fail`, { error_message: "another reason" }),
          409,
          "CONFLICT",
        );
        expect(body.message).toMatch(/different error_message/);
        expect(await getRun(api, other.run_id)).toEqual(failed);
      });

      it("answers an illegal transition with 409 naming the current status", async () => {
        const clientId = await createClient(api);
        const pending = await createRun(api, clientId);
        const completePending = expectError(
          await api.rest("POST", `/runs/${pending.run_id}/complete`),
          409,
          "CONFLICT",
        );
        expect(completePending.message).toMatch(/\bpending\b.*allows: running, failed/);
        expect(completePending.message).toMatch(
          new RegExp(`Start it first: POST /api/v1/runs/${pending.run_id}/start$`),
        );

        const completed = await runningRun(api, clientId);
        await api.rest("POST", `/runs/${completed.run_id}/complete`);
        for (const [action, body] of [
          ["start", undefined],
          ["fail", { error_message: "too late" }],
        ] as const) {
          const error = expectError(
            await api.rest("POST", `/runs/${completed.run_id}/${action}`, body),
            409,
            "CONFLICT",
          );
          expect(error.message).toMatch(/\bcompleted\b/);
          expect(error.message).toMatch(/A completed run does not change; .*POST \/api\/v1\/runs$/);
        }

        const failed = await runningRun(api, clientId);
        await api.rest("POST", `/runs/${failed.run_id}/fail`, { error_message: "x" });
        for (const action of ["start", "complete"]) {
          const error = expectError(
            await api.rest("POST", `/runs/${failed.run_id}/${action}`),
            409,
            "CONFLICT",
          );
          expect(error.message).toMatch(/\bfailed\b/);
        }
        // Nothing moved.
        expect((await getRun(api, pending.run_id)).status).toBe("pending");
        expect((await getRun(api, completed.run_id)).status).toBe("completed");
        expect((await getRun(api, failed.run_id)).status).toBe("failed");
      });

      it("answers 400 for a missing, empty, blank or oversized error_message", async () => {
        const clientId = await createClient(api);
        const run = await runningRun(api, clientId);
        for (const body of [
          {},
          { error_message: "" },
          { error_message: "   " },
          { error_message: null },
          { error_message: "x".repeat(2001) },
        ]) {
          const error = expectError(
            await api.rest("POST", `/runs/${run.run_id}/fail`, body),
            400,
            "VALIDATION",
          );
          expect(issuePaths(error), JSON.stringify(body).slice(0, 50)).toEqual(["error_message"]);
        }
        expect((await getRun(api, run.run_id)).status).toBe("running");
      });

      it("answers 404 for transitions of an unknown run", async () => {
        const runId = freshRunId();
        for (const action of ["start", "complete"]) {
          const body = expectError(await api.rest("POST", `/runs/${runId}/${action}`), 404);
          expect(body.message).toContain(runId);
        }
        expectError(
          await api.rest("POST", `/runs/${runId}/fail`, { error_message: "x" }),
          404,
          "NOT_FOUND",
        );
      });
    });
  });
}
