import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, webhookEventTypes } from "../src/index.js";
import {
  allModules,
  type IncomingRequest,
  readScenario,
  runScenario,
} from "./support/make-scenario.js";

// docs/make-events-blueprint.json: the Make scenario docs/webhooks.md and docs/make.md describe.
const scenario = readScenario("make-events-blueprint.json");
const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const REFUSE = "Refuse: not signed by Columnline (401)";
const COMPLETED = "Continue: read the run's steps (your next modules go here)";
const TIMED_OUT = /^Timed out/;
const FAILED = /^Failed by the pipeline/;

function event(type: string, timedOut = false): string {
  const run = {
    run_id: "RUN_20260115_181206",
    status: type === "run.failed" ? "failed" : "completed",
  };
  return JSON.stringify({
    type,
    timestamp: "2026-01-15T18:20:09.412Z",
    data: { run, timed_out: timedOut },
  });
}

/** A request as the API sends it: signed by the reference library, with one or more secrets. */
function delivery(body: string, secrets: string[], signedAt = new Date()): IncomingRequest {
  const id = `evt_${randomBytes(16).toString("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
      "webhook-signature": secrets
        .map((secret) => new Webhook(secret).sign(id, signedAt, body))
        .join(" "),
    },
    nowSeconds: Math.floor(Date.now() / 1000),
  };
}

function sdkAccepts(request: IncomingRequest, secret: string): boolean {
  try {
    verifyWebhook(request.body, request.headers, secret);
    return true;
  } catch {
    return false;
  }
}

describe("docs/make-events-blueprint.json: verifying in Make", () => {
  it("continues on a genuine run.completed, and only there", () => {
    const secret = newSecret();
    const ran = runScenario(scenario, delivery(event("run.completed"), [secret]), secret);
    expect(ran).toContain(COMPLETED);
    expect(ran).not.toContain(REFUSE);
    expect(ran.filter((name) => TIMED_OUT.test(name) || FAILED.test(name))).toEqual([]);
  });

  it("branches a run.failed on timed_out", () => {
    const secret = newSecret();
    const timedOut = runScenario(scenario, delivery(event("run.failed", true), [secret]), secret);
    const failed = runScenario(scenario, delivery(event("run.failed", false), [secret]), secret);
    expect([
      timedOut.some((name) => TIMED_OUT.test(name)),
      timedOut.some((name) => FAILED.test(name)),
    ]).toEqual([true, false]);
    expect([
      failed.some((name) => TIMED_OUT.test(name)),
      failed.some((name) => FAILED.test(name)),
    ]).toEqual([false, true]);
    expect([...timedOut, ...failed]).not.toContain(COMPLETED);
  });

  it("refuses, and runs nothing else for, a tampered body, a wrong secret and an old timestamp", () => {
    const secret = newSecret();
    const genuine = delivery(event("run.completed"), [secret]);
    const requests = {
      tampered: { ...genuine, body: event("run.failed") },
      "wrong secret": delivery(event("run.completed"), [newSecret()]),
      "six minutes old": delivery(
        event("run.completed"),
        [secret],
        new Date(Date.now() - 6 * 60_000),
      ),
    };
    for (const [what, request] of Object.entries(requests)) {
      const ran = runScenario(scenario, request, secret);
      expect({ what, last: ran.at(-1), count: ran.length }).toEqual({
        what,
        last: REFUSE,
        count: 7,
      });
    }
  });

  it("accepts a delivery during a rotation signed with the old and the new secret", () => {
    const [oldSecret, newSecretOfPair] = [newSecret(), newSecret()];
    const request = delivery(event("run.completed"), [oldSecret, newSecretOfPair]);
    expect(runScenario(scenario, request, newSecretOfPair)).toContain(COMPLETED);
    expect(runScenario(scenario, request, oldSecret)).toContain(COMPLETED);
  });

  it("agrees with the SDK's verifier on every request", () => {
    const secret = newSecret();
    const cases = [
      delivery(event("run.completed"), [secret]),
      delivery(event("budget.exceeded"), [secret]),
      delivery(event("run.completed"), [newSecret()]),
      { ...delivery(event("run.completed"), [secret]), body: `${event("run.completed")} ` },
      delivery(event("run.failed"), [secret], new Date(Date.now() - 301_000)),
      delivery(event("run.failed"), [secret], new Date(Date.now() + 240_000)),
    ];
    for (const request of cases) {
      const makeVerified = !runScenario(scenario, request, secret).includes(REFUSE);
      expect(makeVerified).toBe(sdkAccepts(request, secret));
    }
  });

  it("filters on event types the API sends", () => {
    const typeFilters = allModules(scenario.flow)
      .flatMap((module) => module.filter?.conditions.flat() ?? [])
      .filter((condition) => condition.a.endsWith(".type}}"))
      .map((condition) => condition.b);
    expect(typeFilters.length).toBeGreaterThan(0);
    for (const type of typeFilters) expect(webhookEventTypes).toContain(type);
  });
});
