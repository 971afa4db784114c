import { type SQL, sql } from "drizzle-orm";

/** A UTC month start plus one month, in UTC (timestamptz + interval would use the session's zone). */
const nextUtcMonth = (month: SQL) =>
  sql`((${month} AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC'`;

/**
 * CTEs splitting each range of `ranges` (a SELECT of label, lo, hi: [lo, hi) instants) into
 * - `spans`: its whole UTC hours [h_lo, h_hi), read from the rollups (and the unfolded tail);
 * - `month_spans` [m_lo, m_hi): the whole UTC months inside the whole days (monthly rows),
 *   `day_spans` [d_lo, d_hi): the whole UTC days left at either side of them (daily rows; all
 *   the whole days when there is no whole month), and `hour_spans` [lo, hi): the whole hours
 *   left at either side of the whole days (hourly rows);
 * - `edges` [e_lo, e_hi): the partial hours at its ends, read from the ledger itself,
 * so a sum over a range is exact for any instants and any time zone's day boundaries, and a
 * year reads about 12 + 60 + 46 rollup buckets per group, not 365 days.
 */
export function rangeSpansCtes(ranges: SQL): SQL {
  return sql`
    ranges AS (${ranges}),
    ceiled AS (
      SELECT label, lo, hi,
             least(hi, CASE WHEN date_trunc('hour', lo, 'UTC') = lo THEN lo
                            ELSE date_trunc('hour', lo, 'UTC') + interval '1 hour' END) AS h_lo,
             date_trunc('hour', hi, 'UTC') AS h_floor
        FROM ranges
       WHERE lo < hi
    ),
    spans AS (SELECT label, lo, hi, h_lo, greatest(h_lo, h_floor) AS h_hi FROM ceiled),
    day_ceiled AS (
      SELECT label, h_lo, h_hi,
             least(h_hi, CASE WHEN date_trunc('day', h_lo, 'UTC') = h_lo THEN h_lo
                              ELSE date_trunc('day', h_lo, 'UTC') + interval '1 day' END) AS d_lo,
             date_trunc('day', h_hi, 'UTC') AS d_floor
        FROM spans
    ),
    whole_days AS (
      SELECT label, d_lo, greatest(d_lo, d_floor) AS d_hi FROM day_ceiled
       WHERE d_lo < greatest(d_lo, d_floor)
    ),
    month_ceiled AS (
      SELECT label, d_lo, d_hi,
             least(d_hi, CASE WHEN date_trunc('month', d_lo, 'UTC') = d_lo THEN d_lo
                              ELSE ${nextUtcMonth(sql`date_trunc('month', d_lo, 'UTC')`)} END) AS m_lo,
             date_trunc('month', d_hi, 'UTC') AS m_floor
        FROM whole_days
    ),
    month_spans AS (
      SELECT label, m_lo, greatest(m_lo, m_floor) AS m_hi FROM month_ceiled
       WHERE m_lo < greatest(m_lo, m_floor)
    ),
    -- Whole days outside the whole months (all of [d_lo, d_hi) when there is no whole month).
    day_spans AS (
      SELECT c.label, c.d_lo, coalesce(m.m_lo, c.d_hi) AS d_hi
        FROM month_ceiled AS c LEFT JOIN month_spans AS m USING (label)
       WHERE c.d_lo < coalesce(m.m_lo, c.d_hi)
      UNION ALL
      SELECT m.label, m.m_hi, c.d_hi
        FROM month_ceiled AS c JOIN month_spans AS m USING (label)
       WHERE m.m_hi < c.d_hi
    ),
    -- Whole hours outside the whole days (all of [h_lo, h_hi) when there is no whole day).
    hour_spans AS (
      SELECT c.label, c.h_lo AS lo, coalesce(d.d_lo, c.h_hi) AS hi
        FROM day_ceiled AS c LEFT JOIN whole_days AS d USING (label)
       WHERE c.h_lo < coalesce(d.d_lo, c.h_hi)
      UNION ALL
      SELECT d.label, d.d_hi, c.h_hi
        FROM day_ceiled AS c JOIN whole_days AS d USING (label)
       WHERE d.d_hi < c.h_hi
    ),
    -- Every rollup bucket read, as constants for the rollups' index range scans.
    bounds AS (
      SELECT (SELECT min(lo) FROM hour_spans) AS h_lo, (SELECT max(hi) FROM hour_spans) AS h_hi,
             (SELECT min(d_lo) FROM day_spans) AS d_lo, (SELECT max(d_hi) FROM day_spans) AS d_hi,
             (SELECT min(m_lo) FROM month_spans) AS m_lo, (SELECT max(m_hi) FROM month_spans) AS m_hi
    ),
    -- Each bucket with its range's label: a hash join, not a range test per rollup row (only
    -- for finite ranges: see rollupRows).
    buckets AS (
      SELECT hs.label, 'hour'::text AS grain, b.bucket
        FROM hour_spans AS hs,
             generate_series(hs.lo, hs.hi - interval '1 hour', interval '1 hour') AS b(bucket)
      UNION ALL
      SELECT ds.label, 'day'::text, b.bucket
        FROM day_spans AS ds,
             generate_series(ds.d_lo, ds.d_hi - interval '1 day', interval '1 day') AS b(bucket)
      UNION ALL
      SELECT ms.label, 'month'::text, b.month AT TIME ZONE 'UTC'
        FROM month_spans AS ms,
             generate_series(ms.m_lo AT TIME ZONE 'UTC', (ms.m_hi AT TIME ZONE 'UTC') - interval '1 month',
                             interval '1 month') AS b(month)
    ),
    edges AS (
      SELECT label, lo AS e_lo, h_lo AS e_hi FROM spans WHERE lo < h_lo
      UNION ALL
      SELECT label, h_hi AS e_lo, hi AS e_hi FROM spans WHERE h_hi < hi
    )`;
}

/** `ranges` for each local day of `timeZone` meeting [from, to), labelled "YYYY-MM-DD". */
export function localDayRanges(from: Date, to: Date, timeZone: string): SQL {
  const lo = sql`${from.toISOString()}::timestamptz`;
  const hi = sql`${to.toISOString()}::timestamptz`;
  const zone = sql`${timeZone}::text`;
  // Local midnights via timestamp AT TIME ZONE: DST days are 23 or 25 hours long. The label
  // is ISO's: a range from 0001-01-01 UTC west of Greenwich starts on 1 BC's last day, which
  // to_char's YYYY writes as year 0001; ISO 8601 (and toISOString) number that year 0000 (no
  // earlier day is reachable: from is at least 0001-01-01 UTC).
  return sql`
    SELECT CASE WHEN d.day < DATE '0001-01-01' THEN '0000' || to_char(d.day, '-MM-DD')
                ELSE to_char(d.day, 'YYYY-MM-DD') END AS label,
           greatest(d.day::timestamp AT TIME ZONE ${zone}, ${lo}) AS lo,
           least((d.day + 1)::timestamp AT TIME ZONE ${zone}, ${hi}) AS hi
      FROM (SELECT (${lo} AT TIME ZONE ${zone})::date + i AS day
              FROM generate_series(0, ((${hi} - interval '1 microsecond') AT TIME ZONE ${zone})::date
                                      - (${lo} AT TIME ZONE ${zone})::date) AS i) AS d`;
}

/**
 * The rollup rows of every range as a subquery aliased u (the table's columns and the range's
 * label), `match` (on u) applied: through `buckets` (labelled buckets, hashed) when every
 * range is finite, else by a range test against the hour, day and month spans (one
 * open-ended range). One branch per grain, each an index range scan between constant bounds.
 */
export function rollupRows(table: SQL, match: SQL, finite: boolean): SQL {
  const spansOf = {
    hour: sql`hour_spans`,
    day: sql`(SELECT label, d_lo AS lo, d_hi AS hi FROM day_spans)`,
    month: sql`(SELECT label, m_lo AS lo, m_hi AS hi FROM month_spans)`,
  };
  const grain = (name: "hour" | "day" | "month", lo: SQL, hi: SQL) => {
    const literal = sql.raw(`'${name}'`);
    return finite
      ? sql`SELECT sp.label, u.* FROM buckets AS sp
              JOIN ${table} AS u ON u.grain = ${literal} AND u.bucket = sp.bucket AND ${match}
               AND u.bucket >= (SELECT ${lo} FROM bounds) AND u.bucket < (SELECT ${hi} FROM bounds)
             WHERE sp.grain = ${literal}`
      : sql`SELECT sp.label, u.* FROM ${spansOf[name]} AS sp
              JOIN ${table} AS u ON u.grain = ${literal} AND u.bucket >= sp.lo AND u.bucket < sp.hi
               AND ${match}`;
  };
  return sql`(${grain("hour", sql`h_lo`, sql`h_hi`)}
    UNION ALL ${grain("day", sql`d_lo`, sql`d_hi`)}
    UNION ALL ${grain("month", sql`m_lo`, sql`m_hi`)}) AS u`;
}
