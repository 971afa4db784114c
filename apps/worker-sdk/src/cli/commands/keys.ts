import type { RouterOutputs } from "../../api-types.js";
import type { Command } from "../command.js";
import { type Column, renderFields, renderTable } from "../format.js";
import { requiredString } from "../option-values.js";
import { UsageError } from "../usage-error.js";

type ApiKey = RouterOutputs["keys"]["list"][number];
const SCOPES = ["runs:read", "runs:write", "admin"] as const;
type Scope = (typeof SCOPES)[number];

const keyColumns: Column<ApiKey>[] = [
  { header: "id", value: (key) => key.id },
  { header: "name", value: (key) => key.name },
  { header: "prefix", value: (key) => key.key_prefix },
  { header: "scopes", value: (key) => key.scopes.join(",") },
  { header: "created_at", value: (key) => key.created_at },
  { header: "last_used_at", value: (key) => key.last_used_at },
  { header: "revoked_at", value: (key) => key.revoked_at },
];

function scopesFrom(raw: string | boolean | string[] | undefined): Scope[] {
  const listed = (Array.isArray(raw) ? raw : []).flatMap((value) => value.split(","));
  if (listed.length === 0) {
    throw new UsageError(
      "keys create needs --scope, e.g. --scope runs:write --scope runs:read",
      "keys create",
    );
  }
  for (const scope of listed) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new UsageError(
        `--scope must be one of ${SCOPES.join(", ")}, got "${scope}"`,
        "keys create",
      );
    }
  }
  return listed as Scope[];
}

export const keysCommands: Command[] = [
  {
    name: "keys create",
    summary: "Create an API key (admin); the key is shown once",
    options: { name: { type: "string" }, scope: { type: "string", multiple: true } },
    optionHelp: [
      "--name <name>     what the key is for, e.g. step-runner (required)",
      "--scope <scope>   runs:read, runs:write or admin; repeat for more (required)",
    ],
    async run({ client, values }) {
      const created = await client.keys.create.mutate({
        name: requiredString(values, "name", "keys create", "<name>"),
        scopes: scopesFrom(values.scope),
      });
      const text = renderFields([
        ["key", created.key],
        ["id", created.id],
        ["name", created.name],
        ["scopes", created.scopes.join(",")],
      ]);
      return { data: created, text: `${text}\nStore the key now: it is not shown again.` };
    },
  },
  {
    name: "keys list",
    summary: "List API keys (never the keys themselves)",
    async run({ client }) {
      const keys = await client.keys.list.query();
      return { data: keys, text: renderTable(keys, keyColumns, "No stored keys.") };
    },
  },
  {
    name: "keys revoke",
    summary: "Revoke an API key; it stops working at once",
    args: ["key_id"],
    async run({ client, args: [id = ""] }) {
      const revoked = await client.keys.revoke.mutate({ id });
      return { data: revoked, text: renderTable([revoked], keyColumns, "") };
    },
  },
];
