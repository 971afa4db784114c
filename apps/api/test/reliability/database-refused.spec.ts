/**
 * 3. Connect-time refusals under load: the service's database is dropped (and later restored
 * from a backup taken before the load), then its role is refused (NOLOGIN). Meanwhile every
 * answer is a 2xx or a 503 with Retry-After (never a 500), /readyz says 503 with the same
 * code, the log names the cause once per outage, and the service answers 2xx again by itself
 * once the database is back, without a restart.
 */
import { randomBytes } from "node:crypto";
import { createClient, createDb } from "@columnline/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, sleep } from "../support/service";
import { scratchDatabase, serverUrl, terminateConnections, withServer } from "./support/postgres";

const WORKERS = 8;
const CLIENT_ID = "CLT_OUTAGE_001";

interface Answer {
  at: number;
  status: number | string;
  retryAfter: string | null;
  code: string | null;
}

/** WORKERS callers creating runs and reading analytics in a loop until stopped. */
function startTraffic(url: string, key: string) {
  const answers: Answer[] = [];
  let running = true;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      signal: AbortSignal.timeout(10_000),
    }).catch((error: Error) => error);
    if (response instanceof Error) {
      answers.push({ at: Date.now(), status: response.name, retryAfter: null, code: null });
      return;
    }
    const body = (await response.json()) as { code?: string };
    answers.push({
      at: Date.now(),
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      code: body.code ?? null,
    });
  };
  const workers = Array.from({ length: WORKERS }, async (_, index) => {
    while (running) {
      if (index % 4 === 3) await call("/readyz");
      else if (index % 2 === 1) await call("/api/v1/analytics/cost-summary?status=running");
      else
        await call("/api/v1/runs", {
          method: "POST",
          body: JSON.stringify({ client_id: CLIENT_ID, status: "running" }),
        });
      await sleep(5);
    }
  });
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Resolves once a 2xx arrives after `since`; returns when. */
async function firstOkAfter(answers: Answer[], since: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = answers.find(
      (answer) => answer.at >= since && typeof answer.status === "number" && answer.status < 300,
    );
    if (ok) return ok.at;
    if (Date.now() > deadline) throw new Error(`no 2xx within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function expectOnly2xxAnd503(answers: Answer[]) {
  const wrong = answers.filter(
    (answer) =>
      !(typeof answer.status === "number" && (answer.status < 300 || answer.status === 503)),
  );
  expect(wrong).toEqual([]);
  for (const answer of answers.filter((a) => a.status === 503)) {
    expect(answer).toMatchObject({ retryAfter: "1", code: "UNAVAILABLE" });
  }
}

const logLines = (service: Service, message: RegExp) =>
  service.logLines().filter((line) => message.test(String(line.msg)));

describe.skipIf(!serverUrl)("connect-time refusals under load", () => {
  const adminKey = newAdminKey();
  const role = `cl_test_role_${randomBytes(4).toString("hex")}`;
  const backup = `cl_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  let database: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let service: Service | undefined;

  beforeAll(async () => {
    database = await scratchDatabase();
    const db = await createDb({ databaseUrl: database.url, poolSize: 1 });
    try {
      await db.migrate();
      await createClient(db, { clientId: CLIENT_ID, name: "Outage" });
    } finally {
      await db.close();
    }
    const name = database.name;
    await withServer(async (admin) => {
      // The backup the database is restored from after it was dropped.
      await admin.db.execute(`CREATE DATABASE "${backup}" TEMPLATE "${name}"`);
      // A superuser so it may migrate at start; NOLOGIN refuses even a superuser.
      await admin.db.execute(`CREATE ROLE "${role}" LOGIN SUPERUSER`);
    });
    const url = new URL(database.url);
    url.username = role;
    service = await Service.start({
      port: await freePort(),
      adminKey,
      databaseUrl: url.toString(),
      logLevel: "info",
    });
  });
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
    await withServer(async (admin) => {
      await admin.db.execute(`DROP DATABASE IF EXISTS "${backup}" WITH (FORCE)`);
      await admin.db.execute(`DROP ROLE IF EXISTS "${role}"`);
    });
  });

  it("a dropped database: 503s, one log line naming it, 2xx again once it is restored", async () => {
    if (!service || !database) throw new Error("not started");
    const name = database.name;
    const traffic = startTraffic(service.url, adminKey);
    let droppedAt = 0;
    let dropMs = 0;
    let restoredAt = 0;
    let backAt = 0;
    try {
      await firstOkAfter(traffic.answers, 0);
      await sleep(300);
      const dropStartedAt = Date.now();
      await withServer((admin) => admin.db.execute(`DROP DATABASE "${name}" WITH (FORCE)`));
      // Connections wait on the database's lock while DROP DATABASE runs (its checkpoint can
      // take seconds on a busy machine): "while dropped" starts once the drop has finished.
      droppedAt = Date.now();
      dropMs = droppedAt - dropStartedAt;
      await sleep(1500);
      restoredAt = Date.now();
      await withServer((admin) =>
        admin.db.execute(`CREATE DATABASE "${name}" TEMPLATE "${backup}"`),
      );
      backAt = await firstOkAfter(traffic.answers, restoredAt);
      await sleep(300);
    } finally {
      await traffic.stop();
    }
    const during = traffic.answers.filter((a) => a.at > droppedAt + 200 && a.at < restoredAt);
    console.log(
      `[database dropped] ${JSON.stringify({
        answers: traffic.answers.length,
        unavailable503: traffic.answers.filter((a) => a.status === 503).length,
        dropMs,
        answersWhileDropped: during.length,
        recoveryMs: backAt - restoredAt,
      })}`,
    );
    expectOnly2xxAnd503(traffic.answers);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((answer) => answer.status === 503)).toBe(true);
    expect(backAt - restoredAt).toBeLessThan(10_000);

    // Let the monitor's probe see the database back, then read the log.
    await sleep(1200);
    const down = logLines(service, /^database unavailable: /);
    expect(down).toHaveLength(1);
    expect(String(down[0]?.cause)).toMatch(new RegExp(`database "${name}" does not exist`));
    expect(logLines(service, /^database available again$/)).toHaveLength(1);
    expect(service.output).not.toMatch(/"status":500/);
  });

  it("a refused role: 503s naming SQLSTATE 28000 once, 2xx again once it may log in", async () => {
    if (!service || !database) throw new Error("not started");
    const before = logLines(service, /^database unavailable: /).length;
    const traffic = startTraffic(service.url, adminKey);
    let allowedAt = 0;
    let backAt = 0;
    try {
      await firstOkAfter(traffic.answers, 0);
      await withServer((admin) => admin.db.execute(`ALTER ROLE "${role}" NOLOGIN`));
      await terminateConnections(database.name);
      await sleep(1500);
      allowedAt = Date.now();
      await withServer((admin) => admin.db.execute(`ALTER ROLE "${role}" LOGIN`));
      backAt = await firstOkAfter(traffic.answers, allowedAt);
      await sleep(300);
    } finally {
      await traffic.stop();
    }
    expectOnly2xxAnd503(traffic.answers);
    expect(traffic.answers.some((answer) => answer.status === 503)).toBe(true);
    expect(backAt - allowedAt).toBeLessThan(10_000);
    await sleep(1200);
    const down = logLines(service, /^database unavailable: /).slice(before);
    expect(down).toHaveLength(1);
    expect(String(down[0]?.cause)).toMatch(/not permitted to log in \(SQLSTATE 28000\)/);
  });
});
