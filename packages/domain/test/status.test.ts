import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  canTransition,
  DomainError,
  isTerminal,
  type RunState,
  type RunStatus,
  runStatuses,
  sourcesFor,
  TransitionError,
  transition,
  transitionTable,
} from "../src/index";

const now = new Date("2026-01-15T18:30:00Z");
const state = (status: RunStatus, extra: Partial<RunState> = {}): RunState => ({
  status,
  completedAt: null,
  errorMessage: null,
  ...extra,
});

const allowed = new Set([
  "pending>running",
  "pending>failed",
  "running>completed",
  "running>failed",
]);

describe("status machine", () => {
  it("exposes exactly the allowed moves as data", () => {
    const moves = runStatuses.flatMap((from) => transitionTable[from].map((to) => `${from}>${to}`));
    expect(new Set(moves)).toEqual(allowed);
    expect(sourcesFor("failed")).toEqual(["pending", "running"]);
    expect(sourcesFor("completed")).toEqual(["running"]);
    expect(sourcesFor("pending")).toEqual([]);
    expect(runStatuses.filter(isTerminal)).toEqual(["completed", "failed"]);
  });

  test.prop([fc.constantFrom(...runStatuses), fc.constantFrom(...runStatuses)])(
    "every pair of states: allowed moves change, repeats are no-ops, the rest are typed errors",
    (from, to) => {
      expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
      const current = state(
        from,
        from === "failed" ? { errorMessage: "boom", completedAt: now } : {},
      );
      const result = transition(current, { to, now, errorMessage: "boom" });
      if (from === to) {
        expect(result).toEqual({ ok: true, changed: false, state: current });
      } else if (allowed.has(`${from}>${to}`)) {
        expect(result.ok && result.changed && result.state.status).toBe(to);
      } else {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toBeInstanceOf(TransitionError);
        expect(result.error).toBeInstanceOf(DomainError);
        expect(result.error.httpStatus).toBe(409);
        expect(result.error.from).toBe(from);
        expect(result.error.to).toBe(to);
        expect(result.error.allowed).toEqual(transitionTable[from]);
        expect(result.error.message).toContain(from);
      }
    },
  );

  it("sets completed_at on entering a terminal state only", () => {
    const started = transition(state("pending"), { to: "running", now });
    expect(started.ok && started.state.completedAt).toBeNull();
    const done = transition(state("running"), { to: "completed", now });
    expect(done.ok && done.state.completedAt).toEqual(now);
    const failed = transition(state("pending"), { to: "failed", now, errorMessage: "no lead" });
    expect(failed.ok && failed.state).toEqual({
      status: "failed",
      completedAt: now,
      errorMessage: "no lead",
    });
  });

  it("requires a non-empty, bounded error message to fail", () => {
    for (const errorMessage of [undefined, null, "", "   ", "x".repeat(2001)]) {
      expect(() => transition(state("running"), { to: "failed", now, errorMessage })).toThrow(
        /error_message/,
      );
    }
    expect(
      transition(state("running"), { to: "failed", now, errorMessage: "x".repeat(2000) }).ok,
    ).toBe(true);
  });

  it("treats failing again with another message as a conflict, not a rewrite", () => {
    const failed = state("failed", { errorMessage: "timeout", completedAt: now });
    expect(transition(failed, { to: "failed", now, errorMessage: "timeout" })).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(transition(failed, { to: "failed", now, errorMessage: "other" }).ok).toBe(false);
  });

  it("names the current, requested and allowed states in the error", () => {
    const result = transition(state("completed", { completedAt: now }), { to: "running", now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.details).toEqual({
      current_status: "completed",
      requested_status: "running",
      allowed_statuses: [],
    });
  });
});
