export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
  align?: "left" | "right";
}

const show = (cell: Cell): string =>
  cell === null || cell === undefined || cell === "" ? "-" : String(cell);

/** Money as the API sends it (a decimal string), with a dollar sign; "-" when unpriced. */
export const usd = (amount: string | null | undefined): string =>
  amount === null || amount === undefined ? "-" : `$${amount}`;

/** Aligned columns under a header row; `empty` when there are no rows. */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  empty: string,
): string {
  if (rows.length === 0) return empty;
  const cells = rows.map((row) => columns.map((column) => show(column.value(row))));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === "right" ? value.padStart(width) : value.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.header.toUpperCase())), ...cells.map(line)].join(
    "\n",
  );
}

/** One "name  value" line per field, names aligned. */
export function renderFields(fields: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields.map(([name, value]) => `${name.padEnd(width)}  ${show(value)}`).join("\n");
}
