import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BudgetCard } from "../src/features/budgets/components/budget-card";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

const showCard = (clientId: string) =>
  renderPage(<BudgetCard clientId={clientId} />, {
    path: `/clients/${clientId}`,
    scopes: ["runs:read"],
  });

/** A running run with one gpt-4o step of 1000/500 tokens: exactly $0.0075. */
async function spend(clientId: string) {
  const api = adminClient();
  const { run } = await api.runs.create.mutate({ client_id: clientId, status: "running" });
  await api.steps.record.mutate({
    run_id: run.run_id,
    step_id: "research-1",
    step_name: "research",
    model: "gpt-4o",
    usage: { input_tokens: 1000, output_tokens: 500 },
  });
}

describe("the client page's budget card, on the real API", () => {
  it("says there is no budget and how an admin sets one", async () => {
    const clientId = await newClient();
    showCard(clientId);
    expect(await screen.findByText(/No budget/)).toBeTruthy();
    expect(screen.getByText(new RegExp(`budgets set --client ${clientId}`))).toBeTruthy();
  });

  it("shows spend against the limit and that new runs are refused at a blocking limit", async () => {
    const clientId = await newClient();
    await adminClient().budgets.set.mutate({
      client_id: clientId,
      period: "month",
      limit_usd: "0.0075",
      action: "block_new_runs",
    });
    await spend(clientId);
    showCard(clientId);
    expect(await screen.findByText("$0.0075 of $0.0075")).toBeTruthy();
    expect(screen.getByText("100.0% used this month")).toBeTruthy();
    expect(screen.getByText(/new runs are refused until it resets/)).toBeTruthy();
    expect(screen.getByRole("meter").getAttribute("value")).toBe("1");
  });

  it("says a notify-only budget well under its limit is within budget", async () => {
    const clientId = await newClient();
    await adminClient().budgets.set.mutate({
      client_id: clientId,
      period: "week",
      time_zone: "Europe/Paris",
      limit_usd: "1000",
      action: "notify_only",
    });
    await spend(clientId);
    showCard(clientId);
    expect(await screen.findByText("$0.0075 of $1,000.00")).toBeTruthy();
    expect(screen.getByText("Within budget")).toBeTruthy();
    expect(screen.getByText(/periods follow Europe\/Paris/)).toBeTruthy();
  });
});
