import type { Operation } from "@trpc/client";
import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  classifyFailure,
  isSafeToRepeat,
  shouldRetry,
} from "../src/client/retry-policy.js";
import { HttpStatusError, RequestTimeoutError } from "../src/client/transport-errors.js";

const op = (
  path: string,
  type: Operation["type"] = "mutation",
  input: unknown = {},
): Operation => ({
  id: 1,
  type,
  path,
  input,
  context: {},
  signal: null,
});
const status = (code: number) => ({ cause: new HttpStatusError(code, "", "http://x") });
const timeout = { cause: new RequestTimeoutError("http://x", 10) };

describe("the retry policy", () => {
  it("backs off exponentially, with jitter, up to the cap", () => {
    const backoff = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, backoff, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(200);
  });

  it("tells refused, lost and final failures apart", () => {
    expect([429, 503].map((code) => classifyFailure(status(code)))).toEqual(["refused", "refused"]);
    expect(
      [400, 401, 403, 404, 409, 413, 422, 500, 502].map((code) => classifyFailure(status(code))),
    ).toEqual(Array(9).fill("final"));
    expect(classifyFailure(timeout)).toBe("lost");
    expect(classifyFailure({ cause: new TypeError("fetch failed") })).toBe("lost");
    expect(classifyFailure({ cause: new DOMException("aborted", "AbortError") })).toBe("final");
  });

  it("repeats a lost call only when repeating it is harmless", () => {
    expect(isSafeToRepeat(op("runs.list", "query"))).toBe(true);
    expect(isSafeToRepeat(op("steps.record"))).toBe(true);
    expect(isSafeToRepeat(op("runs.create", "mutation", { run_id: "RUN_20260115_181206" }))).toBe(
      true,
    );
    expect(isSafeToRepeat(op("runs.create", "mutation", { client_id: "C" }))).toBe(false);
    expect(isSafeToRepeat(op("keys.create"))).toBe(false);
    expect(shouldRetry({ op: op("keys.create"), error: status(503), attempts: 1 }, 3)).toBe(true);
    expect(shouldRetry({ op: op("keys.create"), error: timeout, attempts: 1 }, 3)).toBe(false);
  });

  it("stops after the allowed retries and when the caller aborted", () => {
    const aborted = { ...op("runs.get", "query"), signal: AbortSignal.abort() };
    expect(shouldRetry({ op: op("runs.get", "query"), error: timeout, attempts: 3 }, 3)).toBe(true);
    expect(shouldRetry({ op: op("runs.get", "query"), error: timeout, attempts: 4 }, 3)).toBe(
      false,
    );
    expect(shouldRetry({ op: aborted, error: timeout, attempts: 1 }, 3)).toBe(false);
  });
});
