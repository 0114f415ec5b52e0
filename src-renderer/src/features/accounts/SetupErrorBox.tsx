/** A failed connection test: what to do in plain words, the server's own text behind "Details". */
import { visibleText } from '../../../../src-shared/visible-text.ts';
import type { SetupProblem } from './setup-errors.ts';

export function SetupErrorBox({ id, problem }: { id: string; problem: SetupProblem }) {
  return (
    <div className="error-box" role="alert" id={id}>
      <strong>The connection test failed</strong>
      <p className="error-hint">{visibleText(problem.text)}</p>
      <details className="error-details">
        <summary>Details</summary>
        <code>{visibleText(problem.details)}</code>
      </details>
    </div>
  );
}
