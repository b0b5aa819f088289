#!/usr/bin/env node
"use strict";
// CommonJS on purpose (see bin/package.json): starting Node's ESM loader costs ~5 ms, and --version
// and help, the most-run commands, need none of it. Everything else imports the ESM build.
const args = process.argv.slice(2);
const last = args[args.length - 1];
const mayBeHelp = args.length === 0 || args[0] === "help" || last === "--help" || last === "-h";
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else if (!(mayBeHelp && require("../dist/help/fast.cjs").answerFromHelpFile(args, process.stdout, require.resolve("../dist/help.json")))) {
  import("../dist/main.js").then(({ main }) => main());
}
