import { describe, expect, it } from 'vitest';
import { closingLine } from '../../scripts/ci-closing-line.js';
import { nodeVersionProblem } from '../../scripts/require-node.js';
import { firstProblem } from '../../scripts/electron.ts';

describe('the Node.js version check', () => {
  it('refuses Node 20 and 22.17 in one sentence that says how to get Node 22', () => {
    for (const old of ['20.19.0', '22.17.1', '18.0.0']) {
      const problem = nodeVersionProblem(old);
      expect(problem).toMatch(
        new RegExp(`needs Node.js 22.18 or newer; this is v${old.replaceAll('.', '\\.')}\\.`),
      );
      expect(problem).toContain('nvm install 22');
      expect(problem).toContain('npm install -g --prefix ~/.node22 node@22');
    }
  });

  it('accepts 22.18 and later majors', () => {
    for (const ok of ['22.18.0', '22.23.3', '24.1.0', '25.0.0']) expect(nodeVersionProblem(ok)).toBeNull();
  });
});

describe("the Electron installer's failure, in one line", () => {
  it('skips stack frames and progress, keeping the error itself', () => {
    const output = 'Downloading electron-v45.zip\nTypeError: fetch failed\n    at node:internal/x:1:1\n';
    expect(firstProblem(output)).toBe('TypeError: fetch failed');
    expect(firstProblem('')).toBe('the installer stopped without saying why');
  });
});

describe('the closing line of .ci/run', () => {
  const report = {
    numPassedTests: 10,
    numFailedTests: 0,
    numPendingTests: 3,
    numTodoTests: 0,
    success: false,
    testResults: [
      { status: 'passed', assertionResults: [{ status: 'passed' }] },
      // A beforeAll that threw: vitest skips the file's tests and fails the file.
      { status: 'failed', assertionResults: [{ status: 'skipped' }, { status: 'skipped' }] },
    ],
  };

  it('counts a file that failed in a hook as a failure', () => {
    expect(closingLine(report)).toBe('tests: 10 passed, 1 failed, 3 skipped');
  });

  it('counts failed tests once, not again for their file', () => {
    const failing = {
      ...report,
      numFailedTests: 2,
      testResults: [{ status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'failed' }] }],
    };
    expect(closingLine(failing)).toBe('tests: 10 passed, 2 failed, 3 skipped');
  });

  it('never says 0 failed for a run that did not succeed', () => {
    expect(closingLine({ ...report, testResults: [] })).toBe('tests: 10 passed, 1 failed, 3 skipped');
    expect(closingLine({ ...report, success: true, testResults: [] })).toBe(
      'tests: 10 passed, 0 failed, 3 skipped',
    );
  });
});
