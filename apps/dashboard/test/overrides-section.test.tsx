import { randomBytes } from "node:crypto";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OverridesSection } from "../src/features/models/components/overrides-section";
import { adminClient, renderPage } from "./support/render-page";

describe("price overrides on the Models and prices page", () => {
  it("ends an override after a confirmation: it stays listed with its end, End is gone", async () => {
    const model = `acme-${randomBytes(4).toString("hex")}`;
    const created = await adminClient().prices.putOverride.mutate({
      model,
      effective_from: "2026-01-01",
      input_mtok: "2",
      output_mtok: "8",
    });
    renderPage(<OverridesSection timeZone="UTC" />, { path: "/models", scopes: ["admin"] });
    const table = await screen.findByRole("table", { name: /Price overrides/ });
    const row = (await within(table).findByText(model)).closest("tr") as HTMLElement;
    expect(within(row).getByText("open")).toBeTruthy();

    fireEvent.click(within(row).getByRole("button", { name: `End the override of ${model}` }));
    // Nothing is ended until confirmed; Keep backs out.
    fireEvent.click(within(row).getByRole("button", { name: "Keep" }));
    expect((await adminClient().prices.listOverrides.query({ model }))[0]?.effective_until).toBe(
      null,
    );
    fireEvent.click(within(row).getByRole("button", { name: `End the override of ${model}` }));
    fireEvent.click(
      within(row).getByRole("button", { name: `Confirm: end the override of ${model} now` }),
    );

    await waitFor(() => expect(within(row).queryByText("open")).toBeNull());
    const [stored] = await adminClient().prices.listOverrides.query({ model });
    expect(stored?.id).toBe(created.id);
    expect(stored?.effective_until).not.toBeNull();
    expect(within(row).queryByRole("button", { name: `End the override of ${model}` })).toBeNull();
    expect(
      within(row).getByRole("button", { name: `Delete the override of ${model}` }),
    ).toBeTruthy();
  });
});
