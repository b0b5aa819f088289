#!/usr/bin/env node
// Answer --version and help without loading the CLI: they are the most-run, cheapest commands.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  const { readFileSync } = await import("node:fs");
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${version}\n`);
} else {
  const help = await import("../dist/help/fast.js");
  if (!(help.mayBeHelp(args) && help.answerFromHelpFile(args, process.stdout, new URL("../dist/help.json", import.meta.url)))) {
    const { main } = await import("../dist/main.js");
    await main();
  }
}
