import { DEFAULT_POOL_SIZE, dataDirFromEnv, MAX_STEP_BATCH_SIZE } from "@columnline/db";
import { z } from "zod";
import { dashboardDirFromEnv } from "./http/dashboard/dashboard-dir";
import { StartupError } from "./startup/startup-failure";
import { DEFAULT_DISABLE_AFTER_FAILURES } from "./webhooks/webhook-settings";

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "6h", "30m", "90s", "500ms" or plain milliseconds. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const unit = (match[2] ?? "ms") as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

/** The shortest claim on a delivery: the 10 s attempt timeout and 5 s to record the answer. */
const MIN_WEBHOOK_LEASE_MS = 15_000;

const duration = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms <= 0) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a duration such as 6h, 30m or 90s`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** "http://localhost:5173,https://ops.example" → exact origins (scheme, host, port; no path). */
const originList = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const origins: string[] = [];
    for (const item of text.split(",").map((part) => part.trim())) {
      if (item === "") continue;
      const origin = URL.canParse(item) ? new URL(item).origin : "null";
      if (origin === "null" || origin !== item.replace(/\/$/, "")) {
        ctx.addIssue({
          code: "custom",
          message: `DASHBOARD_ORIGINS must list origins such as http://localhost:5173 (got ${item})`,
        });
        return z.NEVER;
      }
      origins.push(origin);
    }
    return origins;
  });

const IN_FLIGHT_RANGE = `STEP_BATCH_IN_FLIGHT must be 0 (off) to ${DEFAULT_POOL_SIZE} (the pool size)`;
const BATCH_SIZE_RANGE = `STEP_BATCH_SIZE must be 1 to ${MAX_STEP_BATCH_SIZE}`;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  // Loopback by default: a laptop's service is not on the network until asked to be
  // (HOST=0.0.0.0 in a container or on a server that Make.com must reach).
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().optional(),
  ADMIN_API_KEY: z.string().min(16, "ADMIN_API_KEY must be at least 16 characters").optional(),
  RUN_TIMEOUT: duration("RUN_TIMEOUT", "6h"),
  REAPER_INTERVAL: duration("REAPER_INTERVAL", "60s"),
  // How often every budget is re-evaluated (threshold events of steps seen by other instances).
  BUDGET_EVAL_INTERVAL: duration("BUDGET_EVAL_INTERVAL", "10s"),
  // How often new steps are folded into the analytics rollups (reads are exact either way).
  ANALYTICS_FOLD_INTERVAL: duration("ANALYTICS_FOLD_INTERVAL", "2s"),
  // A dashboard session's absolute lifetime: it ends then, however active.
  SESSION_TTL: duration("SESSION_TTL", "12h"),
  // Origins besides the server's own whose cookie writes are accepted (pnpm dev's Vite).
  DASHBOARD_ORIGINS: originList,
  // Steps that arrive while the database is busy share one statement (see the README). The
  // service's pool has createDb's default size, which caps the statements in flight.
  STEP_BATCH_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(0, IN_FLIGHT_RANGE)
    .max(DEFAULT_POOL_SIZE, IN_FLIGHT_RANGE)
    .optional(),
  STEP_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1, BATCH_SIZE_RANGE)
    .max(MAX_STEP_BATCH_SIZE, BATCH_SIZE_RANGE)
    .default(MAX_STEP_BATCH_SIZE),
  // Webhooks (see the README): http and private/loopback receivers only when set to 1.
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"], "WEBHOOK_ALLOW_PRIVATE must be 0 or 1").default("0"),
  WEBHOOK_DISABLE_AFTER: z.coerce
    .number()
    .int()
    .min(1, "WEBHOOK_DISABLE_AFTER must be at least 1")
    .default(DEFAULT_DISABLE_AFTER_FAILURES),
  WEBHOOK_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1, "WEBHOOK_CONCURRENCY must be 1 to 64")
    .max(64, "WEBHOOK_CONCURRENCY must be 1 to 64")
    .default(8),
  WEBHOOK_POLL_INTERVAL: duration("WEBHOOK_POLL_INTERVAL", "5s"),
  // A live worker's claim must outlast its attempt (10 s timeout) and the write after it, or
  // another instance would send the same delivery while the first is still at it.
  WEBHOOK_LEASE: duration("WEBHOOK_LEASE", "60s").refine(
    (ms) => ms >= MIN_WEBHOOK_LEASE_MS,
    "WEBHOOK_LEASE must be at least 15s (an attempt may take 10s)",
  ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ApiConfig = z.output<typeof envSchema> & { dataDir: string; dashboardDir: string };

/** Reads the service's settings from the environment; a bad value stops the start with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")),
  );
  if (!parsed.success) {
    // Each message names its setting ("PORT must be at most 65535"): one line for them all.
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new StartupError(
      `invalid settings: ${problems.join("; ")} (set them in the environment or .env)`,
    );
  }
  // As `pnpm db:migrate` reads it, so both find the same folder (and its lock).
  return { ...parsed.data, dataDir: dataDirFromEnv(env), dashboardDir: dashboardDirFromEnv(env) };
}
