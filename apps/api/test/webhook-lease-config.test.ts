import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";

describe("WEBHOOK_LEASE", () => {
  it("defaults to 60 s and takes a duration", () => {
    expect(loadConfig({}).WEBHOOK_LEASE).toBe(60_000);
    expect(loadConfig({ WEBHOOK_LEASE: "15s" }).WEBHOOK_LEASE).toBe(15_000);
    expect(loadConfig({ WEBHOOK_LEASE: "2m" }).WEBHOOK_LEASE).toBe(120_000);
  });

  it("refuses a lease an attempt could outlast, naming the setting", () => {
    expect(() => loadConfig({ WEBHOOK_LEASE: "10s" })).toThrow(
      "WEBHOOK_LEASE must be at least 15s (an attempt may take 10s)",
    );
    expect(() => loadConfig({ WEBHOOK_LEASE: "soon" })).toThrow(
      "WEBHOOK_LEASE must be a duration such as 6h, 30m or 90s",
    );
  });
});
