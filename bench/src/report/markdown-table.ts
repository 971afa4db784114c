/** A GitHub-flavoured markdown table; numbers and ratios right-aligned, readable as plain text too. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[] = [],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const cell = (text: string, column: number) =>
    rightAligned[column] ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => cell(text, column)).join(" | ")} |`;
  const rule = `|${widths
    .map(
      (width, column) =>
        `${"-".repeat(rightAligned[column] ? width + 1 : width + 2)}${rightAligned[column] ? ":" : ""}`,
    )
    .join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export const fixed = (value: number | null, digits = 1) =>
  value === null || !Number.isFinite(value) ? "—" : value.toFixed(digits);

export const ratio = (value: number | null) => (value === null ? "—" : `${value.toFixed(2)}x`);

export const percent = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(0)}%`;
