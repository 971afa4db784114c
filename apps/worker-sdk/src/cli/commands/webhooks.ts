import type { RouterOutputs } from "../../api-types.js";
import { webhookEventTypes } from "../../webhooks/webhook-event.js";
import type { Command } from "../command.js";
import { type Column, renderFields, renderTable } from "../format.js";
import { optionalInteger, optionalString } from "../option-values.js";
import { UsageError } from "../usage-error.js";

type Endpoint = RouterOutputs["webhooks"]["get"];
type Delivery = RouterOutputs["webhooks"]["deliveries"]["items"][number];
/** What an endpoint can subscribe to (webhook.test is sent on request only). */
const SUBSCRIBABLE = webhookEventTypes.filter((type) => type !== "webhook.test");
type Subscribable = (typeof SUBSCRIBABLE)[number];

const endpointColumns: Column<Endpoint>[] = [
  { header: "id", value: (endpoint) => endpoint.id },
  { header: "url", value: (endpoint) => endpoint.url },
  { header: "events", value: (endpoint) => endpoint.event_types.join(",") },
  { header: "enabled", value: (endpoint) => (endpoint.enabled ? "yes" : "no") },
  { header: "failures", value: (endpoint) => endpoint.consecutive_failures, align: "right" },
  { header: "disabled_reason", value: (endpoint) => endpoint.disabled_reason },
];

const deliveryColumns: Column<Delivery>[] = [
  { header: "id", value: (delivery) => delivery.id },
  { header: "event", value: (delivery) => delivery.event_type },
  { header: "status", value: (delivery) => delivery.status },
  { header: "attempts", value: (delivery) => delivery.attempts, align: "right" },
  { header: "last_code", value: (delivery) => delivery.last_response_code, align: "right" },
  { header: "last_attempt_at", value: (delivery) => delivery.last_attempt_at },
  { header: "next_attempt_at", value: (delivery) => delivery.next_attempt_at },
  { header: "last_error", value: (delivery) => delivery.last_error },
];

function eventsFrom(raw: string | boolean | string[] | undefined, command: string): Subscribable[] {
  const listed = (Array.isArray(raw) ? raw : []).flatMap((value) => value.split(","));
  if (listed.length === 0) {
    throw new UsageError(
      `${command} needs --event, e.g. --event run.completed --event run.failed`,
      command,
    );
  }
  for (const type of listed) {
    if (!(SUBSCRIBABLE as readonly string[]).includes(type)) {
      throw new UsageError(
        `--event must be one of ${SUBSCRIBABLE.join(", ")}, got "${type}"`,
        command,
      );
    }
  }
  return listed as Subscribable[];
}

function endpointFields(endpoint: Endpoint): string {
  return renderFields([
    ["id", endpoint.id],
    ["url", endpoint.url],
    ["events", endpoint.event_types.join(",")],
    ["description", endpoint.description],
    ["enabled", endpoint.enabled ? "yes" : "no"],
    ["disabled_reason", endpoint.disabled_reason],
    ["consecutive_failures", endpoint.consecutive_failures],
    ["previous_secret_until", endpoint.previous_secret_expires_at],
    ["created_at", endpoint.created_at],
  ]);
}

const SECRET_ONCE =
  "Store the secret now: it is not shown again. Verify deliveries with it (docs/webhooks.md).";

export const webhooksCommands: Command[] = [
  {
    name: "webhooks add",
    summary: "Register a webhook endpoint (admin); its whsec_ secret is shown once",
    // The endpoint's URL is an argument: --url is the API's address, for every command.
    args: ["url"],
    options: {
      event: { type: "string", multiple: true },
      description: { type: "string" },
    },
    optionHelp: [
      `--event <type>         ${SUBSCRIBABLE.join(", ")}; repeat for more (required)`,
      "--description <text>   what the endpoint is for",
      "<url> is https://..., or http:// to a private address when the API runs with WEBHOOK_ALLOW_PRIVATE=1",
    ],
    async run({ client, values, args: [url = ""] }) {
      const command = "webhooks add";
      const description = optionalString(values, "description");
      const created = await client.webhooks.create.mutate({
        url,
        event_types: eventsFrom(values.event, command),
        ...(description === undefined ? {} : { description }),
      });
      return {
        data: created,
        text: `${renderFields([["secret", created.secret]])}\n${endpointFields(created)}\n${SECRET_ONCE}`,
      };
    },
  },
  {
    name: "webhooks list",
    summary: "List webhook endpoints (never their secrets)",
    async run({ client }) {
      const endpoints = await client.webhooks.list.query();
      return {
        data: endpoints,
        text: renderTable(endpoints, endpointColumns, "No webhook endpoints."),
      };
    },
  },
  {
    name: "webhooks get",
    summary: "Show a webhook endpoint, and why it was disabled if it was",
    args: ["endpoint_id"],
    async run({ client, args: [id = ""] }) {
      const endpoint = await client.webhooks.get.query({ endpoint_id: id });
      return { data: endpoint, text: endpointFields(endpoint) };
    },
  },
  ...(["enable", "disable"] as const).map(
    (action): Command => ({
      name: `webhooks ${action}`,
      summary:
        action === "enable"
          ? "Re-enable an endpoint (clears its failure count and the reason it was disabled)"
          : "Stop delivering to an endpoint without deleting it",
      args: ["endpoint_id"],
      async run({ client, args: [id = ""] }) {
        const endpoint = await client.webhooks.update.mutate({
          endpoint_id: id,
          enabled: action === "enable",
        });
        return { data: endpoint, text: endpointFields(endpoint) };
      },
    }),
  ),
  {
    name: "webhooks rm",
    summary: "Delete a webhook endpoint and its delivery log",
    args: ["endpoint_id"],
    async run({ client, args: [id = ""] }) {
      const deleted = await client.webhooks.delete.mutate({ endpoint_id: id });
      return { data: deleted, text: `Deleted ${id}.` };
    },
  },
  {
    name: "webhooks deliveries",
    summary: "An endpoint's delivery log, newest first: status, attempts, last answer",
    args: ["endpoint_id"],
    options: { limit: { type: "string" }, cursor: { type: "string" } },
    optionHelp: [
      "--limit <n>         how many, 1 to 200 (default 50)",
      "--cursor <cursor>   the next page, as printed under the table",
    ],
    async run({ client, values, args: [id = ""], cli }) {
      const limit = optionalInteger(values, "limit", "webhooks deliveries", { min: 1, max: 200 });
      const cursor = optionalString(values, "cursor");
      const page = await client.webhooks.deliveries.query({
        endpoint_id: id,
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      const more = page.next_cursor
        ? `\nMore: ${cli} webhooks deliveries ${id} --cursor ${page.next_cursor}`
        : "";
      return {
        data: page,
        text: `${renderTable(page.items, deliveryColumns, "No deliveries yet.")}${more}`,
      };
    },
  },
  {
    name: "webhooks redeliver",
    summary: "Deliver an event again now, with the same webhook-id",
    args: ["endpoint_id", "delivery_id"],
    async run({ client, args: [id = "", deliveryId = ""] }) {
      const delivery = await client.webhooks.redeliver.mutate({
        endpoint_id: id,
        delivery_id: deliveryId,
      });
      return { data: delivery, text: renderTable([delivery], deliveryColumns, "") };
    },
  },
  {
    name: "webhooks test",
    summary: "Send a signed webhook.test event to an endpoint now",
    args: ["endpoint_id"],
    async run({ client, args: [id = ""], cli }) {
      const delivery = await client.webhooks.test.mutate({ endpoint_id: id });
      return {
        data: delivery,
        text: `${renderTable([delivery], deliveryColumns, "")}\nQueued; follow it with: ${cli} webhooks deliveries ${id}`,
      };
    },
  },
  {
    name: "webhooks rotate",
    summary: "Replace an endpoint's secret; the old one keeps signing for an overlap",
    args: ["endpoint_id"],
    options: { "overlap-seconds": { type: "string" } },
    optionHelp: [
      "--overlap-seconds <n>   how long the old secret keeps signing beside the new one (default 86400: 24 h)",
    ],
    async run({ client, values, args: [id = ""] }) {
      const overlap = optionalInteger(values, "overlap-seconds", "webhooks rotate", {
        max: 7 * 86_400,
      });
      const rotated = await client.webhooks.rotateSecret.mutate({
        endpoint_id: id,
        ...(overlap === undefined ? {} : { overlap_seconds: overlap }),
      });
      return {
        data: rotated,
        text: `${renderFields([["secret", rotated.secret]])}\n${endpointFields(rotated)}\n${SECRET_ONCE}`,
      };
    },
  },
];
