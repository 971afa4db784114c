import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useTimeSettings } from "../src/app/time-settings";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

function RangeProbe() {
  const { preset, range } = useTimeSettings();
  return (
    <p>
      {preset} from {range.days[0]} to {range.days.at(-1)}
    </p>
  );
}

describe("the All time range", () => {
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("starts on the day the ledger's first run started", async () => {
    // A run of 2021 (its ID carries its start): the earliest of the test ledger.
    const clientId = await newClient();
    await adminClient().runs.create.mutate({
      client_id: clientId,
      run_id: "RUN_20210304_101500",
      status: "running",
    });
    window.history.replaceState(null, "", "/?range=all");
    renderPage(<RangeProbe />, { path: "/", scopes: ["runs:read"] });
    const today = new Date().toISOString().slice(0, 10);
    expect((await screen.findByText(/^all from/)).textContent).toBe(
      `all from ${firstShownDay("2021-03-04", today)} to ${today}`,
    );
  });
});

/** The first day All time shows: the ledger's, unless more than 732 days back. */
function firstShownDay(ledgerFirst: string, today: string): string {
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - 731 * 86_400_000);
  const first = new Date(`${ledgerFirst}T00:00:00Z`);
  return (first < earliest ? earliest : first).toISOString().slice(0, 10);
}
