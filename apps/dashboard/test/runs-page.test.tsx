import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RunsPage } from "../src/features/runs/components/runs-page";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

describe("the runs page, on the real API", () => {
  it("lists a client's runs and narrows them by status through the query string", async () => {
    const api = adminClient();
    const clientId = await newClient();
    const { run: running } = await api.runs.create.mutate({
      client_id: clientId,
      status: "running",
    });
    const { run: failed } = await api.runs.create.mutate({ client_id: clientId });
    await api.runs.fail.mutate({ run_id: failed.run_id, error_message: "provider timeout" });

    const { location } = renderPage(<RunsPage />, {
      path: `/runs?client_id=${clientId}`,
      scopes: ["runs:read"],
    });
    const table = await screen.findByRole("table", { name: "Runs" });
    expect(within(table).getByRole("link", { name: running.run_id })).toBeTruthy();
    expect(within(table).getByRole("link", { name: failed.run_id })).toBeTruthy();

    const filters = screen.getByRole("form", { name: "Filter runs" });
    fireEvent.change(within(filters).getByLabelText("Status"), { target: { value: "failed" } });
    fireEvent.click(within(filters).getByRole("button", { name: "Apply filters" }));

    // New filters reload the list from its first page: wait for the new list, not the spinner.
    await waitFor(() => {
      expect(screen.getByRole("link", { name: failed.run_id })).toBeTruthy();
      expect(screen.queryByRole("link", { name: running.run_id })).toBeNull();
    });
    expect(location.history.at(-1)).toBe(`/runs?status=failed&client_id=${clientId}`);
  });

  it("updates a running run live when it completes, without reloading", async () => {
    const api = adminClient();
    const clientId = await newClient();
    const { run } = await api.runs.create.mutate({ client_id: clientId, status: "running" });
    renderPage(<RunsPage />, { path: `/runs?client_id=${clientId}`, scopes: ["runs:read"] });
    const row = (await screen.findByRole("link", { name: run.run_id })).closest("tr");
    expect(row?.textContent).toContain("running");

    await api.runs.complete.mutate({ run_id: run.run_id });
    // The list polls every LIVE_POLL_MS while a shown run is pending or running.
    await waitFor(
      () =>
        expect(screen.getByRole("link", { name: run.run_id }).closest("tr")?.textContent).toContain(
          "completed",
        ),
      { timeout: 10_000 },
    );
  });

  it("says so when no run matches", async () => {
    const clientId = await newClient();
    renderPage(<RunsPage />, { path: `/runs?client_id=${clientId}`, scopes: ["runs:read"] });
    expect(await screen.findByText("No runs match these filters in this time range.")).toBeTruthy();
  });
});
