// The closing line of .ci/run, from vitest's JSON report: `tests: N passed, N failed, N skipped`.
// A test file that failed outside its tests (a beforeAll that threw, an import error) counts as a
// failure: vitest marks its tests skipped, and a run that failed must never print "0 failed".
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/** @param {import("./ci-closing-line.d.ts").VitestJsonReport} report */
export function closingLine(report) {
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  let failed = report.numFailedTests + brokenFiles;
  if (!report.success && failed === 0) failed = 1;
  const skipped = report.numPendingTests + report.numTodoTests;
  return `tests: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(closingLine(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))));
  } catch (error) {
    console.log(`tests: 0 passed, 1 failed (no readable test report: ${error.message})`);
  }
}
