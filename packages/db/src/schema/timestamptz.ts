import { customType } from "drizzle-orm/pg-core";
import { readDate } from "../internal/rows";

/**
 * A timestamptz column read as a Date. drizzle's own timestamp column hands the driver's text
 * to `new Date()`, which misreads years below 100 (see parsePgTimestamp): every timestamp
 * column is this one instead, so all of them read back what was stored.
 */
export const timestamptz = customType<{
  data: Date;
  driverData: string;
  config: { precision?: number };
}>({
  dataType: (config) =>
    config?.precision === undefined
      ? "timestamp with time zone"
      : `timestamp (${config.precision}) with time zone`,
  fromDriver: (value) => readDate(value),
  toDriver: (value) => value.toISOString(),
});
