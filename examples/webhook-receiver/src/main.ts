// A webhook receiver that logs what the ledger reports. Usage:
//   COLUMNLINE_WEBHOOK_SECRET=whsec_... PORT=8787 pnpm --filter @columnline/example-webhook-receiver start
// During a secret rotation, give both secrets, comma-separated (old,new).
import { createWebhookReceiver } from "./receiver.js";

const secrets = (process.env.COLUMNLINE_WEBHOOK_SECRET ?? "").split(",").filter(Boolean);
if (secrets.length === 0) {
  console.error("set COLUMNLINE_WEBHOOK_SECRET to the endpoint's whsec_ secret");
  process.exit(1);
}
const seen = new Set<string>();
const port = Number(process.env.PORT ?? 8787);

createWebhookReceiver(secrets, (event, webhookId) => {
  // Delivery is at-least-once: a retry after a lost answer repeats the webhook-id.
  if (seen.has(webhookId)) return;
  seen.add(webhookId);
  switch (event.type) {
    case "run.completed":
      console.log(`${event.data.run.run_id} completed: $${event.data.run.total_cost}`);
      break;
    case "run.failed": {
      const why = event.data.timed_out ? "timed out" : event.data.run.error_message;
      console.log(`${event.data.run.run_id} failed: ${why}`);
      break;
    }
    case "budget.threshold_crossed":
    case "budget.exceeded": {
      const { budget, threshold } = event.data;
      const whose = budget.client_id ?? "all clients";
      console.log(
        `${event.type} (${threshold * 100} %) for ${whose}: $${budget.spent} of $${budget.limit_usd} this ${budget.period}`,
      );
      break;
    }
    case "webhook.test":
      console.log(`${event.type}: ${JSON.stringify(event.data)}`);
      break;
  }
}).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
