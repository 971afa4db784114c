import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Layout } from "../src/app/layout";
import { AppRoutes } from "../src/app/router";
import { renderPage } from "./support/render-page";

describe("pages by scope", () => {
  it("neither links nor opens the Keys page for a read-only key", async () => {
    renderPage(
      <Layout>
        <AppRoutes />
      </Layout>,
      { path: "/keys", scopes: ["runs:read"] },
    );
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav.textContent).not.toContain("Keys");
    expect(screen.getByRole("heading", { name: "Not allowed" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "API keys" })).toBeNull();
  });

  it("lists the keys to an admin, never the keys themselves", async () => {
    renderPage(
      <Layout>
        <AppRoutes />
      </Layout>,
      { path: "/keys", scopes: ["admin"] },
    );
    expect(screen.getByRole("link", { name: "Keys" }).getAttribute("aria-current")).toBe("page");
    expect(await screen.findByRole("heading", { name: "API keys" })).toBeTruthy();
    expect(await screen.findByRole("table", { name: /API keys/ })).toBeTruthy();
  });
});
