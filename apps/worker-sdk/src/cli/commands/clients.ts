import type { RouterOutputs } from "../../api-types.js";
import type { Command } from "../command.js";
import { renderFields, renderTable } from "../format.js";
import {
  optionalInteger,
  optionalJsonObject,
  optionalString,
  requiredString,
} from "../option-values.js";

type Client = RouterOutputs["clients"]["get"];

const clientAnswer = (client: Client) => ({
  data: client,
  text: renderFields([
    ["client_id", client.client_id],
    ["name", client.name],
    ["config", JSON.stringify(client.config)],
    ["created_at", client.created_at],
  ]),
});

export const clientsCommands: Command[] = [
  {
    name: "clients create",
    summary: "Create a client that runs belong to (admin)",
    options: { id: { type: "string" }, name: { type: "string" }, config: { type: "string" } },
    optionHelp: [
      "--id <client_id>   e.g. CLT_ACME_001 (required)",
      "--name <name>      the client's name (required)",
      "--config <json>    the client's pipeline config, a JSON object",
    ],
    async run({ client, values }) {
      const command = "clients create";
      const config = optionalJsonObject(values, "config", command);
      const created = await client.clients.create.mutate({
        client_id: requiredString(values, "id", command, "<client_id>"),
        name: requiredString(values, "name", command, "<name>"),
        ...(config === undefined ? {} : { config }),
      });
      return clientAnswer(created);
    },
  },
  {
    name: "clients list",
    summary: "List clients in client_id order (admin)",
    options: { limit: { type: "string" }, cursor: { type: "string" } },
    optionHelp: [
      "--limit <n>         1 to 200 (50 by default)",
      "--cursor <cursor>   the next page, as printed under the table",
    ],
    async run({ client, values, cli }) {
      const limit = optionalInteger(values, "limit", "clients list", { min: 1, max: 200 });
      const cursor = optionalString(values, "cursor");
      const page = await client.clients.list.query({
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      const table = renderTable(
        page.items,
        [
          { header: "client_id", value: (row) => row.client_id },
          { header: "name", value: (row) => row.name },
          { header: "created_at", value: (row) => row.created_at },
        ],
        `No clients yet: ${cli} clients create --id <client_id> --name <name>`,
      );
      const more = page.next_cursor
        ? `\nMore: ${cli} clients list --cursor ${page.next_cursor}`
        : "";
      return { data: page, text: table + more };
    },
  },
  {
    name: "clients get",
    summary: "Show a client (admin)",
    args: ["client_id"],
    run: async ({ client, args: [clientId = ""] }) =>
      clientAnswer(await client.clients.get.query({ client_id: clientId })),
  },
];
