// Printing benchmark results as a plain table with ratios.

export interface Row {
  metric: string;
  ours: number | string;
  peer?: number | string;
  ratio?: number;
  note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function format(value: number | string | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function printTable(title: string, peerName: string, rows: readonly Row[]): void {
  const header = ["metric", "pulumi-trtc", peerName, "ratio", "note"];
  const cells = rows.map((r) => [
    r.metric,
    format(r.ours),
    format(r.peer),
    r.ratio === undefined ? "" : `${format(r.ratio)}×`,
    r.note ?? "",
  ]);
  printGrid(title, header, cells);
}

/** A plain grid: a header row and rows of already formatted cells, columns padded to their widest cell. */
export function printGrid(title: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}
