// Sums the vitest JSON reports of every package (.vitest/*.json) into the one line CI reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
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
      // A file that fails to load has no failed test, but it failed all the same.
      failed += result.testResults.filter(
        (suite) =>
          suite.status === "failed" &&
          suite.assertionResults.every((test) => test.status !== "failed"),
      ).length;
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(reports === 0 || failed > 0 ? 1 : 0);
