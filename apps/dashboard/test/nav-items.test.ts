import { describe, expect, it } from "vitest";
import { visibleNavItems } from "../src/app/nav-items";
import { sessionMay } from "../src/features/session/scopes";

const labels = (scopes: Parameters<typeof visibleNavItems>[0]) =>
  visibleNavItems(scopes).map((item) => item.label);

describe("what a session's scopes show", () => {
  it("hides the Keys and Webhooks pages from read-only and write keys", () => {
    expect(labels(["runs:read"])).not.toContain("Keys");
    expect(labels(["runs:read", "runs:write"])).not.toContain("Keys");
    expect(labels(["runs:read", "runs:write"])).not.toContain("Webhooks");
  });

  it("shows every page to an admin key, which holds every scope", () => {
    expect(labels(["admin"])).toEqual([
      "Overview",
      "Runs",
      "Clients",
      "Models and prices",
      "Webhooks",
      "Keys",
    ]);
    expect(sessionMay(["admin"], "runs:write")).toBe(true);
  });

  it("lets only write keys fail runs", () => {
    expect(sessionMay(["runs:read"], "runs:write")).toBe(false);
    expect(sessionMay(["runs:write"], "runs:write")).toBe(true);
  });
});
