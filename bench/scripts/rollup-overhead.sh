#!/usr/bin/env bash
# Step recording with and without the analytics rollup upkeep, interleaved so drift hits every
# mode alike: pgbench calls record_run_step (one step per transaction) and record_run_steps
# (8 per transaction) on 200 running runs, 16 clients.
#   off:  user triggers disabled on v2_runs and v2_run_steps, no fold (no rollup work at all);
#   on:   this checkout's migrations as shipped (0010: no step trigger, the run trigger, and
#         fold_analytics_rollups() every FOLD_EVERY seconds from another connection, as the API
#         runs it: its cost is in the figure);
#   base: with COMPARE_DIR=<another checkout> (e.g. one at 0006), a second database migrated by
#         that checkout's packages/db, its triggers on (and its fold, if it has one).
# Usage: [COMPARE_DIR=/path/to/checkout] bash bench/scripts/rollup-overhead.sh [rounds=4] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-4}"; SECONDS_PER="${2:-10}"; FOLD_EVERY="${FOLD_EVERY:-2}"
ADMIN="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PGBENCH="${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}"
DB="cl_rollup_ab_$$"; URL="${ADMIN%/*}/$DB"
BASE_DB="cl_rollup_base_$$"; BASE_URL="${ADMIN%/*}/$BASE_DB"
ONE=$(mktemp); EIGHT=$(mktemp); FOLDS=$(mktemp)
cleanup() {
  psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $BASE_DB WITH (FORCE)"
  rm -f "$ONE" "$EIGHT" "$FOLDS"
}
trap cleanup EXIT
setup() { # url, checkout dir with packages/db
  psql -q "$ADMIN" -c "CREATE DATABASE ${1##*/}"
  (cd "$2/packages/db" && npx tsx -e "import('./src/index.ts').then(async ({ createDb }) => { const db = await createDb({ databaseUrl: '$1' }); await db.migrate(); await db.close(); })")
  psql -q "$1" <<'SQL'
INSERT INTO v2_clients (client_id, name) VALUES ('CLT_AB_001', 'A/B');
INSERT INTO v2_runs (run_id, client_id, status, started_at, triggered_by)
SELECT 'RUN_' || to_char(timestamp '2026-01-15 00:00:00' + i * interval '1 second', 'YYYYMMDD_HH24MISS'),
       'CLT_AB_001', 'running', now(), 'api' FROM generate_series(0, 199) AS i;
CREATE SEQUENCE bench_step_seq;
SQL
}
setup "$URL" ..
[ -n "${COMPARE_DIR:-}" ] && setup "$BASE_URL" "$COMPARE_DIR"
cat > "$ONE" <<'SQL'
\set r random(0, 199)
SELECT * FROM record_run_step(
  'RUN_' || to_char(timestamp '2026-01-15 00:00:00' + :r * interval '1 second', 'YYYYMMDD_HH24MISS'),
  'pg-' || nextval('bench_step_seq'), 1000, 500, 0.0075,
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', 'research', 'gpt-4o');
SQL
cat > "$EIGHT" <<'SQL'
\set r random(0, 199)
SELECT count(*) FROM record_run_steps((
  SELECT jsonb_agg(jsonb_build_object(
    'run_id', 'RUN_' || to_char(timestamp '2026-01-15 00:00:00' + :r * interval '1 second', 'YYYYMMDD_HH24MISS'),
    'step_id', 'pb-' || nextval('bench_step_seq'), 'input_tokens', 1000, 'output_tokens', 500,
    'cost', 0.0075, 'request_fingerprint', 'ff', 'step_name', 'research', 'model', 'gpt-4o'))
  FROM generate_series(1, 8)));
SQL
has_fold() { [ "$(psql -qtA "$1" -c "SELECT count(*) FROM pg_proc WHERE proname = 'fold_analytics_rollups'")" = 1 ]; }
# CPU of this database's backends (the pgbench connections and the folder's), from /proc:
# sampled every 0.2 s while they live; under other load, CPU per step moves far less than tps.
sample_cpu() { # db out
  while :; do
    for pid in $(psql -qtA "$ADMIN" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$1' AND application_name IN ('pgbench', 'rollup-folder')"); do
      [ -r "/proc/$pid/stat" ] && awk -v pid="$pid" '{print pid, $14 + $15}' "/proc/$pid/stat" >>"$2" 2>/dev/null || true
    done
    sleep 0.2
  done
}
run() { # mode(off|on) url script steps-per-transaction -> "tps cpu_us_per_step"
  local url=$2 folder="" sampler cpu out
  if [ "$1" = off ]; then
    psql -q "$url" -c "ALTER TABLE v2_run_steps DISABLE TRIGGER USER; ALTER TABLE v2_runs DISABLE TRIGGER USER; CHECKPOINT"
  else
    psql -q "$url" -c "ALTER TABLE v2_run_steps ENABLE TRIGGER USER; ALTER TABLE v2_runs ENABLE TRIGGER USER; CHECKPOINT"
    if has_fold "$url"; then
      # One folder connection, as the API's: each fold's steps and time go to $FOLDS.
      (while sleep "$FOLD_EVERY"; do echo "SELECT steps_folded FROM fold_analytics_rollups();"; done |
        PGAPPNAME=rollup-folder psql -qtA "$url" -c '\timing on' -f - >>"$FOLDS") &
      folder=$!
    fi
  fi
  cpu=$(mktemp)
  sample_cpu "${url##*/}" "$cpu" & sampler=$!
  out=$("$PGBENCH" -n -c 16 -j 2 -M prepared -T "$SECONDS_PER" -f "$3" "$url" 2>/dev/null)
  { kill "$sampler"; wait "$sampler"; } 2>/dev/null || true
  if [ -n "$folder" ]; then
    { pkill -P "$folder"; kill "$folder"; wait "$folder"; } 2>/dev/null || true
  fi
  local tps txns ticks
  tps=$(awk '/^tps/ {print $3; exit}' <<<"$out")
  txns=$(awk '/number of transactions actually processed/ {print $NF; exit}' <<<"$out")
  ticks=$(awk '{if ($2 > max[$1]) max[$1] = $2} END {for (p in max) t += max[p]; print t + 0}' "$cpu")
  rm -f "$cpu"
  awk -v tps="$tps" -v n="$txns" -v per="$4" -v t="$ticks" 'BEGIN {printf "%.0f/%.0f", tps, n ? t * 10000 / (n * per) : 0}'
}
echo "# each cell: tps/CPU us per step (all of the database's backends, the fold's included)"
echo "round script off on${COMPARE_DIR:+ base}"
for round in $(seq 1 "$ROUNDS"); do
  for script in one eight; do
    file=$ONE; per=1; [ "$script" = eight ] && file=$EIGHT && per=8
    base=""
    if [ $((round % 2)) -eq 1 ]; then
      off=$(run off "$URL" "$file" $per); on=$(run on "$URL" "$file" $per)
      [ -n "${COMPARE_DIR:-}" ] && base=$(run on "$BASE_URL" "$file" $per)
    else
      [ -n "${COMPARE_DIR:-}" ] && base=$(run on "$BASE_URL" "$file" $per)
      on=$(run on "$URL" "$file" $per); off=$(run off "$URL" "$file" $per)
    fi
    echo "$round $script $off $on $base"
  done
done
# The fold's own work: what it would cost the writers at worst (it shares the cores with them).
awk '/^Time:/ {ms += $2; n++} /^[0-9]+$/ {steps += $1}
     END {if (n) printf "folds: %d, %d steps folded in %.0f ms (%.1f us per step, %.1f ms per fold)\n", n, steps, ms, steps ? ms * 1000 / steps : 0, ms / n}' "$FOLDS"
# Every step recorded (in either mode: the fold reads the ledger) is in the rollups after two folds.
psql -qtA "$URL" -c "SELECT fold_analytics_rollups()" -c "SELECT fold_analytics_rollups()" >/dev/null
psql -q "$URL" -c "SELECT (SELECT count(*) FROM v2_run_steps) AS steps,
  (SELECT sum(step_count) FROM v2_step_rollups WHERE grain = 'hour' AND dimension = 'client') AS folded_hourly,
  (SELECT sum(step_count) FROM v2_step_rollups WHERE grain = 'day' AND dimension = 'client') AS folded_daily"
