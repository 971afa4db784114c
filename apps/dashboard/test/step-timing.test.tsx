import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { RunPage } from "../src/features/run/components/run-page";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

describe("step timing and metadata on the run page, on the real API", () => {
  it("shows each step's duration and its metadata as text", async () => {
    const api = adminClient();
    const clientId = await newClient();
    const { run } = await api.runs.create.mutate({ client_id: clientId, status: "running" });
    await api.steps.record.mutate({
      run_id: run.run_id,
      step_id: "research-1",
      step_name: "research",
      model: "gpt-4o",
      usage: { input_tokens: 100, output_tokens: 10 },
      started_at: new Date(Date.parse(run.started_at) + 1000).toISOString(),
      duration_ms: 2500,
      metadata: { prompt: "<b>lead</b>", attempt: 2 },
    });
    renderPage(<RunPage runId={run.run_id} />, {
      path: `/runs/${run.run_id}`,
      scopes: ["runs:read"],
    });
    const steps = await screen.findByRole("table", { name: /Steps, in the order/ });
    expect(within(steps).getByText("2.5 s")).toBeTruthy();
    const metadata = screen.getByRole("region", { name: "Step metadata" });
    expect(metadata.textContent).toContain('"prompt": "<b>lead</b>"');
    expect(metadata.querySelector("b")).toBeNull();
  });
});
