// Fails when a vitest JSON report holds a test that did not run (skipped, todo or pending): CI
// passes only when every test ran and passed.
import { readFileSync } from 'node:fs';

let notRun = 0;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'passed' || test.status === 'failed') continue;
      notRun++;
      console.error(`not run (${test.status}): ${suite.name} > ${test.fullName}`);
    }
  }
  console.log(`${file}: ${report.numTotalTests} tests, ${report.numPassedTests} passed, ${report.numPendingTests + report.numTodoTests} not run`);
}
if (notRun > 0) {
  console.error(`${notRun} tests did not run; CI requires every test to run`);
  process.exit(1);
}
