#!/usr/bin/env node
"use strict";
// CommonJS on purpose (see bin/package.json): starting Node's ESM loader costs ~5 ms, and --version
// and help, the most-run commands, need none of it. Everything else imports the ESM build.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  const help = require("../dist/help/fast.cjs");
  const answered = help.mayBeHelp(args) && help.answerFromHelpFile(args, process.stdout, require.resolve("../dist/help.json"));
  if (!answered) import("../dist/main.js").then(({ main }) => main());
}
