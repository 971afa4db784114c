import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { EndpointPage } from "../src/features/webhooks/components/endpoint-page";
import { WebhooksPage } from "../src/features/webhooks/components/webhooks-page";
import { adminClient, renderPage } from "./support/render-page";
import { newClient } from "./support/seed";

const asAdmin = { scopes: ["admin" as const] };

/** An endpoint the test API cannot reach (it has no DNS): every attempt fails, and says why. */
async function unreachableEndpoint() {
  return adminClient().webhooks.create.mutate({
    url: "https://receiver.example/hooks/columnline",
    event_types: ["run.completed"],
  });
}

async function completedRun() {
  const api = adminClient();
  const { run } = await api.runs.create.mutate({ client_id: await newClient(), status: "running" });
  await api.runs.complete.mutate({ run_id: run.run_id });
  return run;
}

describe("the Webhooks pages, on the real API", () => {
  it("says how to add the first endpoint while there is none", async () => {
    renderPage(<WebhooksPage />, { path: "/webhooks", ...asAdmin });
    expect(await screen.findByText("No webhook endpoints yet.")).toBeTruthy();
    expect(screen.getByText(/pnpm cli webhooks add --url/)).toBeTruthy();
  });

  it("lists endpoints and shows a failing delivery's attempts and why; Send again queues it", async () => {
    const endpoint = await unreachableEndpoint();
    await completedRun();
    renderPage(<WebhooksPage />, { path: "/webhooks", ...asAdmin });
    const link = await screen.findByRole("link", { name: endpoint.url });
    expect(link.getAttribute("href")).toBe(`/webhooks/${endpoint.id}`);

    renderPage(<EndpointPage endpointId={endpoint.id} />, {
      path: `/webhooks/${endpoint.id}`,
      ...asAdmin,
    });
    const log = await screen.findByRole("table", { name: /Deliveries to/ });
    const row = within(log).getAllByRole("row")[1];
    if (!row) throw new Error("no delivery row");
    expect(within(row).getByText("run.completed")).toBeTruthy();
    // The worker's first attempt fails at name resolution, and the log says so.
    await within(row).findByText(/receiver\.example/, undefined, { timeout: 15_000 });
    expect(within(row).getByText("pending, 1 attempt")).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: /Send .* again/ }));
    expect(await screen.findByText(/Queued: it goes out within seconds/)).toBeTruthy();
  });

  it("shows why an endpoint is disabled, and Enable turns it back on", async () => {
    const endpoint = await unreachableEndpoint();
    await adminClient().webhooks.update.mutate({ endpoint_id: endpoint.id, enabled: false });
    renderPage(<EndpointPage endpointId={endpoint.id} />, {
      path: `/webhooks/${endpoint.id}`,
      ...asAdmin,
    });
    expect(await screen.findByText(/^disabled/)).toBeTruthy();
    expect(screen.getByText("Sending again needs the endpoint enabled.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Enable" }));
    expect(await screen.findByText("enabled")).toBeTruthy();
    expect((await adminClient().webhooks.get.query({ endpoint_id: endpoint.id })).enabled).toBe(
      true,
    );
  });
});
