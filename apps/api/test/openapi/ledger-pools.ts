/**
 * What the ledger under test already holds (client ids, run ids, override and key ids, list
 * cursors), gathered from every successful answer, so generated requests reach real rows
 * some of the time instead of only 404s; plus realistic model names and token counts.
 */
import fc from "fast-check";
import type { Realism } from "./schema-arbitrary";

/** Response fields whose values later requests may name, and the parameter they feed. */
const harvested: Record<string, string> = {
  client_id: "client_id",
  run_id: "run_id",
  id: "id",
  next_cursor: "cursor",
};
const POOL_LIMIT = 300;

const models = ["gpt-4o", "openai/gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro"];

/** Usage a provider would report: parts within their whole most of the time. */
const usage = fc
  .record({
    input_tokens: fc.integer({ min: 0, max: 200_000 }),
    output_tokens: fc.integer({ min: 0, max: 20_000 }),
    part: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain(({ input_tokens, output_tokens, part }) =>
    fc.record(
      {
        input_tokens: fc.constant(input_tokens),
        output_tokens: fc.constant(output_tokens),
        cache_read_tokens: fc.constant(Math.floor(input_tokens * part)),
        reasoning_tokens: fc.constant(Math.floor(output_tokens * part)),
        requests: fc.integer({ min: 0, max: 5 }),
        web_searches: fc.integer({ min: 0, max: 3 }),
      },
      { requiredKeys: ["input_tokens", "output_tokens"] },
    ),
  );

/** A time near now (2025-2027), the way clients send them. */
const recentTime = fc
  .date({
    min: new Date("2025-01-01T00:00:00Z"),
    max: new Date("2027-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .chain((date) => fc.constantFrom(date.toISOString(), date.toISOString().slice(0, 10)));

/** A step's start or end near now: date-times only (a bare day is not one). */
const recentInstant = recentTime.filter((text) => text.length > 10);

/** Zone names the server knows: DST, half- and quarter-hour offsets, Etc/GMT's reversed sign. */
const timeZones = [
  "UTC",
  "Europe/Paris",
  "America/New_York",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "Australia/Lord_Howe",
  "Etc/GMT-3",
];

export class LedgerPools {
  private readonly pools = new Map<string, string[]>();

  add(name: string, value: string): void {
    const pool = this.pools.get(name) ?? [];
    if (pool.includes(value)) return;
    if (pool.length >= POOL_LIMIT) pool.splice(Math.floor(Math.random() * pool.length), 1);
    pool.push(value);
    this.pools.set(name, pool);
  }

  /** Takes every id and cursor a successful answer names. */
  harvest(body: unknown): void {
    if (Array.isArray(body)) {
      for (const item of body) this.harvest(item);
      return;
    }
    if (body === null || typeof body !== "object") return;
    for (const [key, value] of Object.entries(body)) {
      const pool = harvested[key];
      if (pool && typeof value === "string") this.add(pool, value);
      else if (typeof value === "object") this.harvest(value);
    }
  }

  /** Realistic values by property or parameter name; the pool is read when a value is drawn. */
  readonly realism: Realism = (name) => {
    if (name === "model") return fc.constantFrom(...models);
    if (name === "usage") return usage;
    if (name === "time_zone") return fc.constantFrom(...timeZones);
    if (name === "started_at" || name === "completed_at") return recentInstant;
    if (["at", "from", "to", "started_after", "started_before", "effective_from"].includes(name)) {
      return recentTime;
    }
    const pool = this.pools.get(name);
    if (!pool || pool.length === 0) return undefined;
    return fc.nat().map((index) => pool[index % pool.length]);
  };
}
