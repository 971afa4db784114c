import { createBootstrapAdminKey, type Database } from "@columnline/db";

/**
 * A fresh install with no ADMIN_API_KEY and no keys gets one admin key,
 * printed once to stderr (never to the JSON log). Safe when several instances start at once.
 */
export async function ensureBootstrapAdminKey(
  db: Database,
  options: { adminApiKeyConfigured: boolean },
) {
  if (options.adminApiKeyConfigured) return;
  const created = await createBootstrapAdminKey(db);
  if (!created) return;
  process.stderr.write(
    [
      "",
      "  No API keys existed, so an admin key was created. It is shown this once:",
      "",
      `    ${created.key}`,
      "",
      "  export COLUMNLINE_API_KEY=<that key>  (or set ADMIN_API_KEY before the next start)",
      "",
    ].join("\n"),
  );
}
