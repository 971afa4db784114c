import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RunPage } from "../src/features/run/components/run-page";
import { formatUsd } from "../src/lib/format";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

const hostile = '<script>window.__pwned = true</script><img src=x onerror="alert(1)">';

async function runWithSteps() {
  const api = adminClient();
  const clientId = await newClient();
  const { run } = await api.runs.create.mutate({
    client_id: clientId,
    status: "running",
    seed_data: { company: hostile },
    config_snapshot: { prompt_version: 3 },
  });
  await api.steps.record.mutate({
    run_id: run.run_id,
    step_id: "extract-1",
    step_name: "extract",
    model: "gpt-4o",
    usage: { input_tokens: 1200, output_tokens: 300 },
  });
  await api.steps.record.mutate({
    run_id: run.run_id,
    step_id: "summarise-1",
    step_name: "summarise",
    model: "my-private-model",
    usage: { input_tokens: 50, output_tokens: 20 },
    cost_usd: "0.0105",
  });
  return { api, run: await api.runs.get.query({ run_id: run.run_id }) };
}

describe("the run page, on the real API", () => {
  it("shows the steps and the same total as the API", async () => {
    const { run } = await runWithSteps();
    renderPage(<RunPage runId={run.run_id} />, {
      path: `/runs/${run.run_id}`,
      scopes: ["runs:read"],
    });

    expect(await screen.findByRole("heading", { name: `Run ${run.run_id}` })).toBeTruthy();
    await screen.findByRole("table", { name: /Steps, in the order/ });
    const total = screen.getByTestId("run-total-cost");
    expect(total.textContent).toBe(formatUsd(run.total_cost));
    const steps = screen.getByRole("table", { name: /Steps, in the order/ });
    expect(within(steps).getByText("extract")).toBeTruthy();
    expect(within(steps).getByText("my-private-model")).toBeTruthy();
    expect(within(steps).getByText("reported")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Step timeline" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Cost by step" })).toBeTruthy();
  });

  it("renders markup in seed_data as inert text", async () => {
    const { run } = await runWithSteps();
    renderPage(<RunPage runId={run.run_id} />, {
      path: `/runs/${run.run_id}`,
      scopes: ["runs:read"],
    });
    const seed = await screen.findByRole("region", { name: "Seed data" });
    expect(seed.textContent).toContain("<script>window.__pwned = true</script>");
    expect(document.querySelector("script")).toBeNull();
    expect(document.querySelector("img")).toBeNull();
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it("offers 'fail this run' only to a key that may write", async () => {
    const { run } = await runWithSteps();
    const readOnly = renderPage(<RunPage runId={run.run_id} />, {
      path: `/runs/${run.run_id}`,
      scopes: ["runs:read"],
    });
    await screen.findByTestId("run-total-cost");
    expect(screen.queryByRole("form", { name: "Fail this run" })).toBeNull();
    readOnly.unmount();

    renderPage(<RunPage runId={run.run_id} />, {
      path: `/runs/${run.run_id}`,
      scopes: ["runs:write"],
    });
    const form = await screen.findByRole("form", { name: "Fail this run" });
    const reason = within(form).getByLabelText("Reason") as HTMLTextAreaElement;
    fireEvent.change(reason, { target: { value: "Stuck on the summarise step for 2 hours" } });
    fireEvent.click(within(form).getByRole("button", { name: "Fail this run" }));

    // A failed run cannot fail again: the form goes, the summary shows the reason.
    await waitFor(() => expect(screen.queryByRole("form", { name: "Fail this run" })).toBeNull());
    expect(screen.getByText("Stuck on the summarise step for 2 hours").tagName).toBe("DD");
    const stored = await adminClient().runs.get.query({ run_id: run.run_id });
    expect(stored.status).toBe("failed");
    expect(stored.error_message).toBe("Stuck on the summarise step for 2 hours");
  });
});
