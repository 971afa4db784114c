import { describe, expect, it } from "vitest";
import {
  defaultRunFilters,
  filtersFromSearch,
  filtersToSearch,
  runsListInput,
} from "../src/features/runs/filters";

describe("runs filters ↔ query string", () => {
  it("round-trips every filter", () => {
    const filters = {
      status: "running",
      client_id: "CLT_ACME_001",
      triggered_by: "make.com",
      q: "RUN_20260115",
      min_cost: "0.5",
      max_cost: "12",
      sort: "total_cost",
      order: "asc",
    } as const;
    const search = filtersToSearch(filters).toString();
    expect(search).toBe(
      "status=running&client_id=CLT_ACME_001&triggered_by=make.com&q=RUN_20260115&min_cost=0.5&max_cost=12&sort=total_cost&order=asc",
    );
    expect(filtersFromSearch(search)).toEqual(filters);
  });

  it("leaves the defaults out, so the plain page has a plain address", () => {
    expect(filtersToSearch(defaultRunFilters).toString()).toBe("");
    expect(filtersFromSearch("")).toEqual(defaultRunFilters);
  });

  it("ignores what it does not understand instead of sending it to the API", () => {
    expect(
      filtersFromSearch(
        "status=stuck&triggered_by=cron&min_cost=-1&max_cost=1e3&sort=name&q=%20%20",
      ),
    ).toEqual(defaultRunFilters);
  });

  it("builds runs.list input with the range and the page", () => {
    const range = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-01-31T00:00:00Z") };
    expect(
      runsListInput({ ...defaultRunFilters, status: "failed" }, range, {
        limit: 25,
        cursor: "abc",
      }),
    ).toEqual({
      status: "failed",
      sort: "started_at",
      order: "desc",
      started_after: "2026-01-01T00:00:00.000Z",
      started_before: "2026-01-31T00:00:00.000Z",
      limit: 25,
      cursor: "abc",
    });
  });
});
