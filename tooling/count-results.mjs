// Sums the vitest JSON reports of every package (.vitest/*.json) into the one line CI reads.
// Failures are listed (package, file, test, first line of the error) just above that line,
// so a failed CI log names what failed without scrolling through the interleaved output.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const failures = [];
const firstLine = (messages) =>
  String(messages?.[0] ?? "")
    .split("\n")[0]
    .slice(0, 300);

for (const group of ["apps", "packages", "bench"]) {
  if (!existsSync(group)) continue;
  const packages = group === "bench" ? ["."] : readdirSync(group);
  for (const name of packages) {
    const dir = join(group, name, ".vitest");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((entry) => entry.endsWith(".json"))) {
      const result = JSON.parse(readFileSync(join(dir, file), "utf8"));
      reports += 1;
      passed += result.numPassedTests;
      failed += result.numFailedTests;
      skipped += result.numPendingTests + result.numTodoTests;
      for (const suite of result.testResults) {
        const where = relative(process.cwd(), suite.name);
        const failedTests = suite.assertionResults.filter((test) => test.status === "failed");
        for (const test of failedTests)
          failures.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages)}`);
        // A file that fails to load has no failed test, but it failed all the same.
        if (suite.status === "failed" && failedTests.length === 0) {
          failed += 1;
          failures.push(`${where} (did not run): ${firstLine([suite.message])}`);
        }
      }
    }
  }
}
if (failures.length > 0)
  console.log(`\nFailed:\n${failures.map((line) => `  ${line}`).join("\n")}\n`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(reports === 0 || failed > 0 ? 1 : 0);
