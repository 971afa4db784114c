/** The empty state of an empty ledger: three ways to record the first run. */
export function FirstRunHelp() {
  const origin = typeof window === "undefined" ? "http://127.0.0.1:3000" : window.location.origin;
  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">No runs yet: record the first one</h2>
      <p>Runs appear here as soon as a pipeline records them. Pick one way:</p>
      <h3>With the CLI</h3>
      <pre>
        <code>{`export COLUMNLINE_API_URL=${origin}
export COLUMNLINE_API_KEY=<a runs:write key>
pnpm cli runs create --client CLT_DEMO_001`}</code>
      </pre>
      <h3>With the SDK</h3>
      <pre>
        <code>{`import { createRunsClient } from "@columnline/worker-sdk";
const runs = createRunsClient({
  baseUrl: "${origin}",
  apiKey: process.env.COLUMNLINE_API_KEY,
});
await runs.runs.create.mutate({ client_id: "CLT_DEMO_001" });`}</code>
      </pre>
      <h3>With curl</h3>
      <pre>
        <code>{`curl -X POST ${origin}/api/v1/runs \\
  -H "Authorization: Bearer $COLUMNLINE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"client_id":"CLT_DEMO_001"}'`}</code>
      </pre>
      <p className="hint">
        The client must exist first: an admin creates it with POST /api/v1/clients.
      </p>
    </section>
  );
}
