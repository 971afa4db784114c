/**
 * The dashboard's analytics read functions timed on one bulk-loaded data set, so two
 * checkouts (e.g. before and after a rollup change) are compared on the same rows:
 *   tsx scripts/analytics-reads.ts load <database> <runs> <steps> <end ISO>   (creates, migrates, loads)
 *   tsx scripts/analytics-reads.ts time <database> <end ISO> <answers.json>   (migrates, times)
 * `time` applies this checkout's pending migrations first (timed: a forward migration on real
 * data), then times each question (median of 9 after 2 warm-ups, SQL from this process, no
 * HTTP) and writes every answer to answers.json: equal files from two checkouts mean equal
 * answers. Run `load` and `time` from the same checkout's bench folder (copy this file into
 * the other one). Needs BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { writeFileSync } from "node:fs";
import * as columnline from "@columnline/db";
import postgres from "postgres";
import { bulkLoad } from "../src/analytics/bulk-load";
import { clientId } from "../src/analytics/synthetic-runs";
import { timeIt } from "../src/analytics/time-it";

const [mode, name, ...rest] = process.argv.slice(2);
const admin = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const url = `${admin.slice(0, admin.lastIndexOf("/"))}/${name}`;
const DAY = 86_400_000;

async function migrate(): Promise<number> {
  const db = await columnline.createDb({ databaseUrl: url });
  const started = performance.now();
  await db.migrate();
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

if (mode === "load") {
  const [runs, steps, end] = rest;
  const server = postgres(admin, { onnotice: () => {} });
  await server.unsafe(`CREATE DATABASE ${name}`);
  await server.end();
  await migrate();
  const sql = postgres(url, { onnotice: () => {} });
  const timings = await bulkLoad(sql, {
    runs: Number(runs),
    steps: Number(steps),
    end: new Date(end ?? ""),
  });
  console.log(JSON.stringify(timings));
  await sql.end();
} else if (mode === "time") {
  const [endText, answersFile] = rest;
  const end = new Date(endText ?? "");
  const migrateMs = await migrate();
  const db = await columnline.createDb({ databaseUrl: url });
  const to = new Date(Math.floor(end.getTime() / DAY) * DAY + DAY);
  const month = { from: new Date(to.getTime() - 30 * DAY), to };
  const year = { from: new Date(to.getTime() - 365 * DAY), to };
  const big = clientId(0);
  const questions: [string, () => Promise<unknown>][] = [
    ["cost summary, all completed runs", () => columnline.costSummary(db, {})],
    ["cost summary, last 30 days", () => columnline.costSummary(db, month)],
    ["cost per day by model, 30 days, UTC", () => columnline.costSeries(db, month)],
    [
      "cost per day by model, 30 days, Asia/Kolkata",
      () => columnline.costSeries(db, { ...month, timeZone: "Asia/Kolkata" }),
    ],
    [
      "cost per day by client, 30 days",
      () => columnline.costSeries(db, { ...month, groupBy: "client" }),
    ],
    [
      "cost per day by step name, 30 days, one client",
      () => columnline.costSeries(db, { ...month, groupBy: "step_name", clientId: big }),
    ],
    ["cost per day by model, 365 days", () => columnline.costSeries(db, year)],
    ["spend periods, UTC", () => columnline.spendPeriods(db, { at: end })],
    [
      "spend periods, New York, one client",
      () => columnline.spendPeriods(db, { at: end, timeZone: "America/New_York", clientId: big }),
    ],
    ["spend by client, 30 days", () => columnline.spendByClient(db, month)],
    ["spend by client, 365 days", () => columnline.spendByClient(db, year)],
    [
      "spend by client, 365 days from mid-hour, Kathmandu-aligned",
      () =>
        columnline.spendByClient(db, {
          from: new Date(year.from.getTime() - 15 * 60_000 + 123),
          to: new Date(to.getTime() - 45 * 60_000),
        }),
    ],
    ["runs by status, 30 days", () => columnline.runsByStatus(db, month)],
    [
      "runs by status, 365 days, Asia/Kolkata",
      () => columnline.runsByStatus(db, { ...year, timeZone: "Asia/Kolkata" }),
    ],
  ];
  const answers: Record<string, unknown> = {};
  console.log(`migrate: ${migrateMs.toFixed(0)} ms`);
  console.log("| question | median ms | min ms |");
  console.log("|---|---:|---:|");
  for (const [question, ask] of questions) {
    answers[question] = await ask();
    const timing = await timeIt(ask, { warmup: 2, runs: 9 });
    console.log(`| ${question} | ${timing.medianMs.toFixed(2)} | ${timing.minMs.toFixed(2)} |`);
  }
  writeFileSync(answersFile ?? "answers.json", `${JSON.stringify(answers, null, 1)}\n`);
  await db.close();
} else {
  console.error(
    "usage: analytics-reads.ts load <db> <runs> <steps> <end> | time <db> <end> <answers.json>",
  );
  process.exit(2);
}
