/**
 * The thin baseline: node:http plus postgres.js, one record_run_step call per
 * request and nothing else (no auth, no schema library, no logging, no pricing
 * catalog); and GET /top-runs, the seed's query as is, for the analytics phase.
 * Run as its own process: PORT, DATABASE_URL, POOL_SIZE.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";
import { SEED_MOST_EXPENSIVE } from "../analytics/seed-queries";

const port = Number(process.env.PORT ?? 3100);
const databaseUrl = process.env.DATABASE_URL ?? "";
// The API's pool (createDb's default) is 10: the same here, so only the HTTP layers differ.
const sql = postgres(databaseUrl, { max: Number(process.env.POOL_SIZE ?? 10) });

const STEP_PATH = /^\/runs\/([^/]+)\/steps$/;
// gpt-4o's list prices in units of 1e-10 USD per token: 2.50 and 10.00 USD per million tokens.
const INPUT_UNITS_PER_TOKEN = 25_000;
const OUTPUT_UNITS_PER_TOKEN = 100_000;

interface StepBody {
  step_id: string;
  usage: { input_tokens: number; output_tokens: number };
}

function isStepBody(value: unknown): value is StepBody {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Partial<StepBody>;
  return (
    typeof body.step_id === "string" &&
    Number.isInteger(body.usage?.input_tokens) &&
    Number.isInteger(body.usage?.output_tokens)
  );
}

/** Integer units of 1e-10 USD as an exact decimal string. */
function unitsToDecimal(units: number): string {
  const text = units.toString().padStart(11, "0");
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function recordStep(req: IncomingMessage, res: ServerResponse, runId: string) {
  const text = await readBody(req);
  const body: unknown = JSON.parse(text);
  if (!isStepBody(body)) return send(res, 400, { code: "VALIDATION" });
  const { input_tokens: input, output_tokens: output } = body.usage;
  const cost = unitsToDecimal(input * INPUT_UNITS_PER_TOKEN + output * OUTPUT_UNITS_PER_TOKEN);
  const fingerprint = createHash("sha256").update(text).digest("hex");
  const [row] = await sql`
    SELECT * FROM record_run_step(${runId}, ${body.step_id}, ${input}, ${output}, ${cost}, ${fingerprint})
  `;
  send(res, row?.duplicate ? 200 : 201, row);
}

createServer((req, res) => {
  const path = req.url ?? "/";
  if (req.method === "GET" && path === "/healthz") return send(res, 200, { status: "ok" });
  // The seed's most expensive runs, raw, over the same HTTP as the API: what top-runs is timed against.
  if (req.method === "GET" && path === "/top-runs") {
    sql.unsafe(SEED_MOST_EXPENSIVE).then(
      (rows) => send(res, 200, rows),
      (error: unknown) => send(res, 500, { code: "INTERNAL", message: String(error) }),
    );
    return;
  }
  const match = req.method === "POST" ? STEP_PATH.exec(path) : null;
  if (!match?.[1]) return send(res, 404, { code: "NOT_FOUND" });
  recordStep(req, res, decodeURIComponent(match[1])).catch((error: unknown) => {
    // Only failures are logged (to the log file the bench keeps), so the hot path stays bare.
    process.stderr.write(`request failed: ${String(error)}\n`);
    if (!res.headersSent) send(res, 500, { code: "INTERNAL", message: String(error) });
  });
}).listen(port, "127.0.0.1");

process.on("SIGTERM", () => {
  void sql.end({ timeout: 5 }).then(() => process.exit(0));
});
