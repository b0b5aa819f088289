// Preloaded by bench/profiles.js (node -r): counts reads of config.json, reported on exit to stderr.
const fs = require("node:fs");
const { syncBuiltinESMExports } = require("node:module");
let reads = 0;
const original = fs.readFileSync;
fs.readFileSync = function readFileSync(path, ...rest) {
  if (String(path).endsWith("config.json")) reads++;
  return original.call(this, path, ...rest);
};
syncBuiltinESMExports();
process.on("exit", () => process.stderr.write(`config-reads=${reads}\n`));
