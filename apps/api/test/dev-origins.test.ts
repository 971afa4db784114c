import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { dashboardDevPort, devDashboardOrigins } from "../src/dev/dev-origins";

// `pnpm dev`: the API started by turbo next to Vite must accept the dashboard's writes.
describe("pnpm dev's dashboard origins", () => {
  it("adds Vite's origins (5173 by default) to the listed ones, once each", () => {
    expect(devDashboardOrigins({})).toBe("http://localhost:5173,http://127.0.0.1:5173");
    expect(
      devDashboardOrigins({
        DASHBOARD_ORIGINS: "https://ops.example, http://localhost:5173",
        DASHBOARD_DEV_PORT: "5999",
      }),
    ).toBe("https://ops.example,http://localhost:5173,http://localhost:5999,http://127.0.0.1:5999");
  });

  it("gives a list the service's settings accept", () => {
    const config = loadConfig({ DASHBOARD_ORIGINS: devDashboardOrigins({}) });
    expect(config.DASHBOARD_ORIGINS).toEqual(["http://localhost:5173", "http://127.0.0.1:5173"]);
  });

  it("refuses a DASHBOARD_DEV_PORT that is not a port, naming it", () => {
    expect(dashboardDevPort({ DASHBOARD_DEV_PORT: " 4000 " })).toBe(4000);
    expect(() => dashboardDevPort({ DASHBOARD_DEV_PORT: "70000" })).toThrow(
      "DASHBOARD_DEV_PORT must be a port (1-65535), got 70000",
    );
  });
});
