// Sums vitest's JSON reports of every package into the one line CI reads.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

let passed = 0;
let failed = 0;
let reports = 0;
for (const group of ["apps", "packages"]) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, ".vitest", "results.json");
    if (!existsSync(file)) continue;
    const result = JSON.parse(readFileSync(file, "utf8"));
    reports += 1;
    passed += result.numPassedTests;
    // A suite that fails to load has no failed test but still failed.
    failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
    failed += result.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(reports === 0 || failed > 0 ? 1 : 0);
