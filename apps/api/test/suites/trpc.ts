import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../src/index";
import { expectStatus } from "../fixtures";
import { ADMIN_KEY, freshRunId, type TestApi, TRPCClientError, uniqueToken } from "../harness";
import type { SuiteEnv } from "./suite-env";

/** The rejection of `promise`, which must be a TRPCClientError. */
async function trpcError(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

export function trpcSuite(env: SuiteEnv): void {
  describe("the typed tRPC client", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });

    it("creates a run, records a step, completes it and reads the cost summary", async () => {
      const trpc = api.trpc();
      const clientId = `CLT_${uniqueToken()}`;
      const client = await trpc.clients.create.mutate({
        client_id: clientId,
        name: "Typed",
        config: { tier: "gold" },
      });
      expect(client).toMatchObject({ client_id: clientId, config: { tier: "gold" } });

      const runId = freshRunId();
      const create = {
        client_id: clientId,
        run_id: runId,
        status: "running" as const,
        seed_data: { lead_url: "https://example.com" },
      };
      const created = await trpc.runs.create.mutate(create);
      expect(created.created).toBe(true);
      expect(created.run).toMatchObject({
        run_id: runId,
        status: "running",
        triggered_by: "api",
        config_snapshot: { tier: "gold" },
      });
      // The same create again: the stored run, created false.
      expect(await trpc.runs.create.mutate(create)).toEqual({ run: created.run, created: false });

      const recorded = await trpc.steps.record.mutate({
        run_id: runId,
        step_id: "write",
        model: "claude-sonnet-4-5",
        usage: { input_tokens: 1000, output_tokens: 500 },
      });
      expect(recorded.duplicate).toBe(false);
      expect(recorded.step.cost).toBe("0.0105");
      expect(recorded.run).toMatchObject({ total_tokens: 1500, total_cost: "0.0105" });

      const completed = await trpc.runs.complete.mutate({ run_id: runId });
      expect(completed).toMatchObject({ status: "completed", total_cost: "0.0105" });
      expect(await trpc.runs.get.query({ run_id: runId })).toEqual(completed);
      const steps = await trpc.steps.list.query({ run_id: runId });
      expect(steps.map((step) => step.step_id)).toEqual(["write"]);

      const summary = await trpc.analytics.costSummary.query({ client_id: clientId });
      expect(summary).toEqual({
        run_count: 1,
        total_tokens: 1500,
        total_cost: "0.0105",
        avg_tokens: "1500.00",
        avg_cost: "0.0105",
        p50_cost: "0.0105",
        p95_cost: "0.0105",
      });
      const page = await trpc.runs.list.query({ client_id: clientId, limit: 5 });
      expect(page.items.map((run) => run.run_id)).toEqual([runId]);
    });

    it("serves the same data as REST: field names are snake_case on both surfaces", async () => {
      const trpc = api.trpc();
      const clientId = `CLT_${uniqueToken()}`;
      await trpc.clients.create.mutate({ client_id: clientId, name: "Both" });
      const { run } = await trpc.runs.create.mutate({ client_id: clientId });
      const rest = expectStatus(await api.rest("GET", `/runs/${run.run_id}`), 200);
      expect(rest).toEqual(run);
      expect(Object.keys(run).every((key) => /^[a-z_]+$/.test(key))).toBe(true);
    });

    it("delivers errors as TRPCClientError with data.httpStatus and data.domainCode", async () => {
      const trpc = api.trpc();
      const missing = await trpcError(trpc.runs.get.query({ run_id: freshRunId() }));
      expect(missing.data).toMatchObject({
        httpStatus: 404,
        domainCode: "NOT_FOUND",
        code: "NOT_FOUND",
      });
      expect(missing.message).toMatch(/not found/);

      const invalid = await trpcError(trpc.runs.get.query({ run_id: "RUN_bad" }));
      expect(invalid.data).toMatchObject({ httpStatus: 400, domainCode: "VALIDATION" });
      expect(invalid.data?.issues?.map((issue) => issue.path)).toEqual(["run_id"]);

      const clientId = `CLT_${uniqueToken()}`;
      await trpc.clients.create.mutate({ client_id: clientId, name: "x" });
      const duplicate = await trpcError(
        trpc.clients.create.mutate({ client_id: clientId, name: "x" }),
      );
      expect(duplicate.data).toMatchObject({ httpStatus: 409, domainCode: "CONFLICT" });

      const { run } = await trpc.runs.create.mutate({ client_id: clientId });
      const illegal = await trpcError(trpc.runs.complete.mutate({ run_id: run.run_id }));
      expect(illegal.data).toMatchObject({ httpStatus: 409, domainCode: "CONFLICT" });
      expect(illegal.message).toMatch(/pending/);

      const unauthorized = await trpcError(
        api.trpc("clr_neverIssued000000000000000000000000000").runs.list.query({}),
      );
      expect(unauthorized.data).toMatchObject({ httpStatus: 401, domainCode: "UNAUTHORIZED" });

      const { key } = await trpc.keys.create.mutate({ name: "reader", scopes: ["runs:read"] });
      const reader = api.trpc(key);
      expect((await reader.runs.get.query({ run_id: run.run_id })).run_id).toBe(run.run_id);
      const forbidden = await trpcError(reader.runs.start.mutate({ run_id: run.run_id }));
      expect(forbidden.data).toMatchObject({ httpStatus: 403, domainCode: "FORBIDDEN" });
    });
  });
}

/** Single calls skip tRPC's adapter; batches still go through it. Both must answer alike. */
export function trpcTransportSuite(env: SuiteEnv): void {
  describe("tRPC single calls and batches", () => {
    const post = (path: string, body: unknown) =>
      fetch(`${env.api.url}/trpc/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    it("answers a batch (adapter) and a single call (direct) with the same data and errors", async () => {
      const batched = createTRPCClient<AppRouter>({
        links: [
          httpBatchLink({
            url: `${env.api.url}/trpc`,
            headers: { authorization: `Bearer ${ADMIN_KEY}` },
          }),
        ],
      });
      const clientId = `CLT_${uniqueToken()}`;
      await batched.clients.create.mutate({ client_id: clientId, name: "Batched" });
      const [viaBatch, viaSingle] = await Promise.all([
        batched.clients.get.query({ client_id: clientId }),
        env.api.trpc().clients.get.query({ client_id: clientId }),
      ]);
      expect(viaSingle).toEqual(viaBatch);

      const missing = { client_id: `CLT_${uniqueToken()}` };
      const single = await fetch(
        `${env.api.url}/trpc/clients.get?input=${encodeURIComponent(JSON.stringify(missing))}`,
        { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
      );
      const batch = await fetch(
        `${env.api.url}/trpc/clients.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: missing }))}`,
        { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
      );
      expect(single.status).toBe(404);
      expect(batch.status).toBe(404);
      const singleError = ((await single.json()) as { error: unknown }).error;
      const [batchItem] = (await batch.json()) as { error: unknown }[];
      expect(singleError).toEqual(batchItem?.error);
      expect(singleError).toMatchObject({
        data: { code: "NOT_FOUND", httpStatus: 404, domainCode: "NOT_FOUND" },
      });
    });

    it("maps bad bodies and wrong methods on single calls like the adapter does", async () => {
      const invalid = await post("clients.create", { client_id: "bad id", name: "x" });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ error: { data: { domainCode: "VALIDATION" } } });
      const unauthorized = await fetch(`${env.api.url}/trpc/clients.create`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(unauthorized.status).toBe(401);
      // A query sent as POST is the adapter's to refuse.
      const wrongMethod = await post("clients.get", { client_id: "CLT_X" });
      expect(wrongMethod.status).toBe(405);
    });
  });
}
