import { readFileSync } from "node:fs";

/**
 * The package root. This module sits one level below it both as source (src/) and bundled (dist/,
 * where every chunk is at the top level).
 */
export const PACKAGE_ROOT = new URL("../", import.meta.url);

/** The package version, read once from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8")) as { version: string }).version;
