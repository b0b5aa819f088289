/**
 * Colours for one stream at one level. With level 0 every style is the identity, so renderers
 * never branch on "is colour on".
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { ColorLevel } from "./io.js";

export interface Theme {
  readonly level: ColorLevel;
  readonly chalk: ChalkInstance;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly good: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly accent: (text: string) => string;
}

export function createTheme(level: ColorLevel): Theme {
  const chalk = new Chalk({ level });
  return {
    level,
    chalk,
    bold: (t) => chalk.bold(t),
    dim: (t) => chalk.dim(t),
    good: (t) => chalk.green(t),
    bad: (t) => chalk.red(t),
    warn: (t) => chalk.yellow(t),
    accent: (t) => chalk.cyan(t),
  };
}
