import { randomBytes } from "node:crypto";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("columnline-runs prices on %s", (engine) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine);
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
  });

  it("looks a price up, lists overrides and ends one: it stays listed with its end", async () => {
    const model = `acme-${randomBytes(4).toString("hex")}`;
    const override = await api.admin.prices.putOverride.mutate({
      model,
      effective_from: "2026-01-01",
      input_mtok: "2",
      output_mtok: "8",
    });

    const lookup = await cli(["prices", "lookup", model, "--at", "2026-02-01"], env);
    expect(lookup.code, lookup.stderr).toBe(0);
    expect(lookup.stdout).toContain(`override ${override.id}`);
    expect(lookup.stdout).toMatch(/input\/Mtok\s+\$2\n/);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const ended = await cli(["prices", "end", override.id, "--until", until, "--json"], env);
    expect(ended.code, ended.stderr).toBe(0);
    expect(JSON.parse(ended.stdout)).toMatchObject({ id: override.id, effective_until: until });

    const listed = await cli(["prices", "overrides", "--model", model], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(override.id);
    expect(listed.stdout).toContain(until);
    // After its end the catalog-less model has no price at all.
    const after = await cli(["prices", "lookup", model, "--at", "2099-01-01"], env);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/not found/);

    const again = await cli(["prices", "end", override.id, "--until", "2026-01-01"], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/is before now/);
  });
});
