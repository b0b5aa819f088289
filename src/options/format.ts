import { UsageError } from "../errors.js";

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatFlags {
  format?: string;
  json?: boolean;
  csv?: boolean;
}

/** `--format X`, `--json` or `--csv` (one of them); table by default. */
export function resolveFormat(flags: FormatFlags): OutputFormat {
  const chosen = [flags.format, flags.json ? "json" : undefined, flags.csv ? "csv" : undefined].filter((f): f is string => f !== undefined);
  const distinct = [...new Set(chosen)];
  if (distinct.length > 1) {
    throw new UsageError(`conflicting output formats: ${distinct.join(" and ")}; choose one of --format, --json, --csv`);
  }
  const format = distinct[0] ?? "table";
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`invalid --format "${format}": valid values are ${OUTPUT_FORMATS.join(", ")}`);
  }
  return format as OutputFormat;
}
