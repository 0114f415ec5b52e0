// Plain JavaScript on purpose: this must run on the old Node it is there to refuse (Node 20 cannot load
// the project's .ts files). `npm start`, `npm run web`, `npm test` … run it first; bin/mailtrove.js too.
import { pathToFileURL } from 'node:url';

const REQUIRED = [22, 18];

/** One sentence: the version needed, the one found, and how to get the right one. */
export function nodeVersionProblem(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  if (major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1])) return null;
  return (
    `MailTrove needs Node.js ${REQUIRED.join('.')} or newer; this is v${version}. ` +
    'Get Node 22 with `nvm install 22` (or `fnm install 22`), or without a version manager with ' +
    '`npm install -g --prefix ~/.node22 node@22` and ~/.node22/bin first on your PATH.'
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem();
  if (problem !== null) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
