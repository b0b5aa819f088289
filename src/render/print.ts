/**
 * The three outputs every data command has: the API's data as JSON, its main table as CSV, or the
 * human view. Renderers and their libraries are imported only for the output chosen.
 */
import type { Context } from "../context.js";
import type { OutputFormat } from "../options/format.js";
import type { CsvCell } from "./output.js";
import type { Theme } from "./theme.js";

export interface HumanView {
  columns: number;
  /** Terminal height: charts take their height from it. */
  rows: number;
  theme: Theme;
}

export interface CsvTable {
  header: readonly string[];
  rows: CsvCell[][];
}

export interface DataOutputs<T> {
  /** The CSV header and rows of the command's main table. */
  csv(data: T): CsvTable | Promise<CsvTable>;
  /** The human view as lines; imports its renderer lazily. */
  table(data: T, view: HumanView): Promise<string[]>;
}

export async function printData<T>(ctx: Context, format: OutputFormat, data: T, outputs: DataOutputs<T>): Promise<void> {
  if (format === "json") {
    const { jsonText } = await import("./output.js");
    return ctx.io.out(jsonText(data));
  }
  if (format === "csv") {
    const { csvText } = await import("./output.js");
    const { header, rows } = await outputs.csv(data);
    return ctx.io.out(csvText(header, rows));
  }
  const { createTheme } = await import("./theme.js");
  const lines = await outputs.table(data, { columns: ctx.io.columns, rows: ctx.io.rows, theme: createTheme(ctx.io.stdoutColor) });
  ctx.io.out(`${lines.join("\n")}\n`);
}
