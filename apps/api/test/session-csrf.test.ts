import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, expectStatus, getRun, runningRun } from "./fixtures";
import { ADMIN_KEY, startTestApi, type TestApi } from "./harness";
import { cookieFrom, trpcMutation, trpcQuery } from "./support/dashboard-session";

const DEV_ORIGIN = "http://localhost:5173";

// What a cookie session may do follows its key's scopes; its writes must come from our origin.
describe.each(testEngines())("dashboard session scopes and CSRF (%s)", (engine) => {
  let api: TestApi;
  let clientId: string;
  const cookies: Record<"read" | "write" | "admin", string> = { read: "", write: "", admin: "" };

  const keyCount = async () => expectStatus(await api.rest<unknown[]>("GET", "/keys"), 200).length;

  beforeAll(async () => {
    api = await startTestApi(engine, { dashboardOrigins: [DEV_ORIGIN] });
    clientId = await createClient(api);
    for (const [name, scopes] of [
      ["read", ["runs:read"]],
      ["write", ["runs:read", "runs:write"]],
      ["admin", ["admin"]],
    ] as const) {
      const { key } = expectStatus(
        await api.rest<{ key: string }>("POST", "/keys", { name, scopes }),
        201,
      );
      const signedIn = await trpcMutation(api.url, "session.signIn", { key }, { origin: api.url });
      cookies[name] = cookieFrom(signedIn);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  describe("scopes", () => {
    it("lets a runs:read session read but not fail a run nor see keys", async () => {
      const cookie = cookies.read;
      const run = await runningRun(api, clientId);
      const list = await trpcQuery(api.url, "runs.list", {}, { cookie });
      expect(list.status).toBe(200);
      const fail = await trpcMutation(
        api.url,
        "runs.fail",
        { run_id: run.run_id, error_message: "stuck" },
        { cookie, origin: api.url },
      );
      expect(fail.status).toBe(403);
      expect(fail.body.error?.message).toMatch(/runs:write/);
      expect((await getRun(api, run.run_id)).status).toBe("running");
      expect((await trpcQuery(api.url, "keys.list", {}, { cookie })).status).toBe(403);
      expect((await trpcQuery(api.url, "prices.listOverrides", {}, { cookie })).status).toBe(403);
    });

    it("lets a runs:write session fail a stuck run", async () => {
      const run = await runningRun(api, clientId);
      const fail = await trpcMutation(
        api.url,
        "runs.fail",
        { run_id: run.run_id, error_message: "stuck since Monday" },
        { cookie: cookies.write, origin: api.url },
      );
      expect(fail.status).toBe(200);
      expect((await getRun(api, run.run_id)).status).toBe("failed");
      expect((await trpcQuery(api.url, "keys.list", {}, { cookie: cookies.write })).status).toBe(
        403,
      );
    });

    it("lets an admin session list keys", async () => {
      const keys = await trpcQuery(api.url, "keys.list", {}, { cookie: cookies.admin });
      expect(keys.status).toBe(200);
      expect(JSON.stringify(keys.body)).not.toMatch(/clr_[A-Za-z0-9_-]{43}/);
    });
  });

  describe("CSRF", () => {
    const createKey = (origin: string | undefined, extra: Record<string, string> = {}) =>
      trpcMutation(
        api.url,
        "keys.create",
        { name: "made by a page", scopes: ["admin"] },
        { cookie: cookies.admin, origin, headers: extra },
      );

    it("refuses a cookie write without Origin or from a foreign one: 403, nothing written", async () => {
      const before = await keyCount();
      for (const origin of [undefined, "https://evil.example", "null", `${api.url}.evil.example`]) {
        const answer = await createKey(origin);
        expect(answer.status, String(origin)).toBe(403);
        expect(answer.body.error?.data.domainCode).toBe("FORBIDDEN");
        expect(answer.body.error?.message).toMatch(/Cross-origin write refused.*DASHBOARD_ORIGINS/);
      }
      // A batch is refused the same way.
      const batch = await fetch(`${api.url}/trpc/keys.create?batch=1`, {
        method: "POST",
        headers: {
          cookie: cookies.admin,
          origin: "https://evil.example",
          "content-type": "application/json",
        },
        body: JSON.stringify({ 0: { name: "batched", scopes: ["admin"] } }),
      });
      expect(batch.status).toBe(403);
      // A run stays as it was too.
      const run = await runningRun(api, clientId);
      const fail = await trpcMutation(
        api.url,
        "runs.fail",
        { run_id: run.run_id, error_message: "forged" },
        { cookie: cookies.write, origin: "https://evil.example" },
      );
      expect(fail.status).toBe(403);
      expect((await getRun(api, run.run_id)).status).toBe("running");
      expect(await keyCount()).toBe(before);
    });

    it("accepts the server's own origin and the listed DASHBOARD_ORIGINS", async () => {
      const before = await keyCount();
      expect((await createKey(api.url)).status).toBe(200);
      expect((await createKey(DEV_ORIGIN)).status).toBe(200);
      expect(await keyCount()).toBe(before + 2);
    });

    it("refuses a sign-in from a foreign origin (login CSRF)", async () => {
      const answer = await trpcMutation(
        api.url,
        "session.signIn",
        { key: ADMIN_KEY },
        { origin: "https://evil.example" },
      );
      expect(answer.status).toBe(403);
      expect(answer.headers.get("set-cookie")).toBeNull();
    });

    it("leaves bearer requests alone, whatever their Origin", async () => {
      const answer = await trpcMutation(
        api.url,
        "keys.create",
        { name: "bearer", scopes: ["runs:read"] },
        { origin: "https://evil.example", headers: { authorization: `Bearer ${ADMIN_KEY}` } },
      );
      expect(answer.status).toBe(200);
    });

    it("lets cookie reads through from any origin (the browser keeps the answer from them)", async () => {
      const answer = await trpcQuery(
        api.url,
        "runs.list",
        {},
        { cookie: cookies.read, origin: "https://evil.example" },
      );
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});
