export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}
/** `tests: N passed, N failed, N skipped`, counting files that failed outside their tests. */
export function closingLine(report: VitestJsonReport): string;
