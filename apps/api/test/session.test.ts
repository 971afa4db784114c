import { testEngines } from "@columnline/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, startApi } from "../src/start-api";
import { expectStatus } from "./fixtures";
import { ADMIN_KEY, startTestApi, type TestApi } from "./harness";
import { cookieFrom, trpcMutation, trpcQuery } from "./support/dashboard-session";

interface SessionJson {
  key_id: string | null;
  key_name: string;
  scopes: string[];
  expires_at: string;
}

const TWELVE_HOURS_S = 12 * 3600;

// Sign-in by pasting a key: a server-side session behind an HttpOnly cookie.
describe.each(testEngines())("dashboard sessions over HTTP (%s)", (engine) => {
  let api: TestApi;
  let readKey: { id: string; key: string };

  const newKey = async (name: string, scopes: string[]) =>
    expectStatus(
      await api.rest<{ id: string; key: string }>("POST", "/keys", { name, scopes }),
      201,
    );
  const signIn = (key: string, headers: Record<string, string> = {}) =>
    trpcMutation(api.url, "session.signIn", { key }, { origin: api.url, headers });
  const me = (cookie: string | undefined) =>
    trpcQuery(api.url, "session.me", undefined, { cookie });

  beforeAll(async () => {
    api = await startTestApi(engine);
    readKey = await newKey("dashboard reader", ["runs:read"]);
  });
  afterAll(async () => {
    api?.setNow(null);
    await api?.close();
  });

  it("signs in with a key: an HttpOnly, SameSite=Strict cookie for the session's lifetime", async () => {
    const before = Date.now();
    const answer = await signIn(` ${readKey.key}\n`);
    expect(answer.status).toBe(200);
    const session = answer.body.result?.data as SessionJson;
    expect(session).toEqual({
      key_id: readKey.id,
      key_name: "dashboard reader",
      scopes: ["runs:read"],
      expires_at: expect.any(String),
    });
    const expiresIn = Date.parse(session.expires_at) - before;
    expect(expiresIn).toBeGreaterThan(TWELVE_HOURS_S * 1000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(TWELVE_HOURS_S * 1000 + 1000);
    const setCookie = answer.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^columnline_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/,
    );
    // The key is never sent back, in the body or the cookie.
    expect(JSON.stringify(answer.body)).not.toContain(readKey.key);
    expect(setCookie).not.toContain(readKey.key);

    const current = await me(cookieFrom(answer));
    expect(current.status).toBe(200);
    expect(current.body.result?.data).toEqual(session);
  });

  it("marks the cookie Secure when the request came over https (X-Forwarded-Proto)", async () => {
    const host = new URL(api.url).host;
    const answer = await trpcMutation(
      api.url,
      "session.signIn",
      { key: readKey.key },
      { origin: `https://${host}`, headers: { "x-forwarded-proto": "https" } },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("answers 401 and sets no cookie for a bad key", async () => {
    for (const key of ["clr_thisKeyWasNeverIssued0000000000000000000", "not a key"]) {
      const answer = await signIn(key);
      expect(answer.status, key).toBe(401);
      expect(answer.body.error?.data.domainCode).toBe("UNAUTHORIZED");
      expect(answer.headers.get("set-cookie")).toBeNull();
    }
    const empty = await signIn("   ");
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/key must not be empty/);
  });

  it("answers me with 401 without a session or with an unknown cookie", async () => {
    expect((await me(undefined)).status).toBe(401);
    const unknown = await me("columnline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.message).toMatch(/sign in again/);
  });

  it("signs out server-side: the cookie is cleared and the old token refused", async () => {
    const cookie = cookieFrom(await signIn(readKey.key));
    const answer = await trpcMutation(api.url, "session.signOut", {}, { cookie, origin: api.url });
    expect(answer.status).toBe(200);
    expect(answer.body.result?.data).toEqual({ signed_out: true });
    expect(answer.headers.get("set-cookie")).toBe(
      "columnline_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
    );
    // A copy of the cookie kept by someone else is worth nothing now.
    expect((await me(cookie)).status).toBe(401);
    expect((await trpcQuery(api.url, "runs.list", {}, { cookie })).status).toBe(401);
  });

  it("refuses a session past its absolute lifetime", async () => {
    const cookie = cookieFrom(await signIn(readKey.key));
    api.setNow(new Date(Date.now() + (TWELVE_HOURS_S - 60) * 1000));
    expect((await me(cookie)).status).toBe(200);
    api.setNow(new Date(Date.now() + (TWELVE_HOURS_S + 1) * 1000));
    try {
      const expired = await me(cookie);
      expect(expired.status).toBe(401);
      expect(expired.body.error?.message).toMatch(/expired or ended/);
      expect((await trpcQuery(api.url, "runs.list", {}, { cookie })).status).toBe(401);
    } finally {
      api.setNow(null);
    }
  });

  it("ends a key's sessions the moment the key is revoked", async () => {
    const doomed = await newKey("doomed", ["runs:read"]);
    const cookie = cookieFrom(await signIn(doomed.key));
    expect((await trpcQuery(api.url, "runs.list", {}, { cookie })).status).toBe(200);
    expectStatus(await api.rest("DELETE", `/keys/${doomed.id}`), 200);
    expect((await me(cookie)).status).toBe(401);
    expect((await trpcQuery(api.url, "runs.list", {}, { cookie })).status).toBe(401);
    expect((await signIn(doomed.key)).status).toBe(401);
  });

  it("ends the browser's previous session when it signs in again", async () => {
    const first = cookieFrom(await signIn(readKey.key));
    const again = await trpcMutation(
      api.url,
      "session.signIn",
      { key: ADMIN_KEY },
      { origin: api.url, cookie: first },
    );
    expect(again.status).toBe(200);
    expect((await me(first)).status).toBe(401);
    expect((await me(cookieFrom(again))).body.result?.data).toMatchObject({ scopes: ["admin"] });
  });

  it("signs in with the environment's ADMIN_API_KEY as admin", async () => {
    const answer = await signIn(ADMIN_KEY);
    expect(answer.body.result?.data).toMatchObject({
      key_id: null,
      key_name: "ADMIN_API_KEY",
      scopes: ["admin"],
    });
    const keys = await trpcQuery(api.url, "keys.list", {}, { cookie: cookieFrom(answer) });
    expect(keys.status).toBe(200);
  });

  it("shares sessions between instances over the same database", async () => {
    const cookie = cookieFrom(await signIn(readKey.key));
    let second: RunningApi | undefined;
    try {
      second = await startApi({
        db: api.db,
        logger: pino({ level: "silent" }),
        port: 0,
        adminApiKey: ADMIN_KEY,
        runTimeoutMs: 3_600_000,
        reaperIntervalMs: 3_600_000,
      });
      const there = await trpcQuery(second.url, "session.me", undefined, { cookie });
      expect(there.status).toBe(200);
      expect(there.body.result?.data).toMatchObject({ key_id: readKey.id });
    } finally {
      await second?.stop();
    }
  });

  it("keeps REST bearer-only: the cookie alone is not a key there", async () => {
    const cookie = cookieFrom(await signIn(readKey.key));
    const response = await fetch(`${api.url}/api/v1/runs`, { headers: { cookie } });
    expect(response.status).toBe(401);
  });
});
