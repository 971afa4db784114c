import { type ApiRunState, describeApiError } from "../client/describe-api-error.js";

/** The one line a failed command prints: what went wrong, then what to do. */
export function errorLine(error: unknown, baseUrl: string, cli: string): string {
  const described = describeApiError(error);
  const serverSaid = described.message.replace(/\s+/g, " ").trim();
  switch (described.kind) {
    case "network":
      return `cannot reach the API at ${baseUrl} (${serverSaid}): start it with "pnpm start" or set COLUMNLINE_API_URL (or --url)`;
    case "timeout":
      return `the API at ${baseUrl} did not answer in time (${serverSaid}): check ${baseUrl}/healthz (is the service up?)`;
    case "other":
      return serverSaid;
    case "answer":
      break;
  }
  const said = `${serverSaid} (HTTP ${described.status})`;
  switch (described.status) {
    case 400:
      return `${said}: fix the named fields (see --help)`;
    case 402:
      return `${said}: see ${cli} budgets get --client <client_id> (or --global); raise it with budgets set, or remove it with budgets rm`;
    case 401:
      return `${said}: set COLUMNLINE_API_KEY (or --api-key) to a valid, unrevoked API key`;
    case 403:
      return `${said}: use a key with that scope (an admin key can create one: ${cli} keys create)`;
    case 404:
      return `${said}: check the id (${cli} runs list shows recent runs)`;
    case 409:
      return described.runState
        ? `${said}: ${runStateAdvice(described.runState, cli)}`
        : `${said}: a different request already used this id`;
    case 413:
      return `${said}: the request is over 1 MiB; send less --seed-data`;
    case 422:
      return `${said}: a total would overflow; the step was not recorded`;
    case 429:
    case 503:
      return `${said}: the API is busy or its database is down; try again shortly`;
    default:
      return `${said}: the API failed; quote the request id to its operators`;
  }
}

const COMMAND_FOR_STATUS: Record<string, string> = {
  running: "runs start",
  completed: "runs complete",
  failed: "runs fail",
};

/** "start it first: pnpm cli runs start RUN_..." from the run-state facts the API sent. */
function runStateAdvice(state: ApiRunState, cli: string): string {
  const command = state.next_status === null ? undefined : COMMAND_FOR_STATUS[state.next_status];
  if (command === undefined) {
    return `a ${state.current_status} run does not change; create a new one: ${cli} runs create --client <client_id>`;
  }
  const first = state.next_status === state.requested_status ? "" : " first";
  const failReason = state.next_status === "failed" ? ' --message "<why>"' : "";
  return `${command.split(" ")[1]} it${first}: ${cli} ${command} ${state.run_id}${failReason}`;
}
