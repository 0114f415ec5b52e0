// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const IPC_WRAPPERS = { main: 'src-main/app/ipc-main.ts', preload: 'src-preload/index.ts' };
const IPC_MESSAGE = `Electron IPC only in ${IPC_WRAPPERS.main} and ${IPC_WRAPPERS.preload}.`;
/** Every file but the two wrappers: no ipcMain/ipcRenderer (the layers below ban 'electron' outright). */
const IPC_PATHS = [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: IPC_MESSAGE }];

/**
 * Import edges that keep the layers apart (data flows one way: renderer → transport → handlers → engine).
 * ESLint keeps only the last options given to a rule for a file, so each layer restates the IPC ban and
 * lists all of its own groups here.
 */
const layer = (files, groups, { ignores = [], paths = IPC_PATHS } = {}) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      { paths, patterns: groups.map(([group, message]) => ({ group, message })) },
    ],
  },
});

const ENGINE_IS_PLAIN_NODE = [
  ['electron', '**/app/**', '**/handlers/**', '**/cli/**', '**/web/**', '**/src-renderer/**'],
  'The engine is plain Node: it never imports Electron, transports or the CLI.',
];

/**
 * The engine's folders, top to bottom: a folder imports only folders below it, so no two folders depend
 * on each other (not even for a type). New code that needs something from above moves it down instead.
 */
const ENGINE_FOLDERS = [
  'api',
  'schedule',
  'jobs',
  'import',
  'export',
  'search',
  'auth',
  'archive',
  'imap',
  'mime',
];
const ENGINE_LEAVES = ['threading', 'secrets', 'text', 'logs'];
const engineFolderRules = [...ENGINE_FOLDERS, ...ENGINE_LEAVES].map((folder) => {
  const index = ENGINE_FOLDERS.indexOf(folder);
  const above =
    index === -1
      ? [...ENGINE_FOLDERS, ...ENGINE_LEAVES.filter((f) => f !== folder)]
      : ENGINE_FOLDERS.slice(0, index);
  const groups = [ENGINE_IS_PLAIN_NODE];
  if (above.length > 0) {
    groups.push([
      above.map((f) => `**/${f}/**`),
      `engine/${folder} imports only the engine folders below it (${ENGINE_FOLDERS.join(' → ')} → leaves); move what it needs down.`,
    ]);
  }
  return layer([`src-main/engine/${folder}/**`], groups);
});

/** The front ends reach the engine through its API only: the use cases are written once, there. */
const ENGINE_API_ONLY = {
  regex: String.raw`(^|/)engine/(?!api/)`,
  message:
    'cli/ and handlers/ use the engine through src-main/engine/api/ only (re-export a type there if needed).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'eslint.config.js', 'test/fixtures/lint/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: {
      // A cycle makes load order matter and hides which module is the lower one; type-only imports are
      // left to the engine folder order above.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  // Electron IPC lives in two wrapper files (Heroic's rule): every other file deals in plain functions,
  // so no module can open a channel the contract does not know.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [IPC_WRAPPERS.main, IPC_WRAPPERS.preload],
    rules: {
      'no-restricted-imports': ['error', { paths: IPC_PATHS }],
      'no-restricted-syntax': [
        'error',
        { selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]', message: IPC_MESSAGE },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  layer(['src-main/engine/**'], [ENGINE_IS_PLAIN_NODE]),
  ...engineFolderRules,
  layer(
    ['src-shared/**'],
    [
      [
        ['node:*', 'electron', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**'],
        'src-shared runs anywhere: no Node built-ins, no Electron, no other layer.',
      ],
    ],
  ),
  layer(
    ['src-renderer/**'],
    [
      [
        ['node:*', 'electron', '**/src-main/**', '**/src-preload/**'],
        'The renderer talks to main only through the contract in src-shared.',
      ],
    ],
  ),
  {
    files: ['src-main/handlers/**', 'src-main/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IPC_PATHS,
          patterns: [
            { group: ['electron', '**/app/**'], message: 'Only src-main/app may import Electron.' },
            ENGINE_API_ONLY,
          ],
        },
      ],
    },
  },
  layer(['src-main/web/**'], [[['electron', '**/app/**'], 'Only src-main/app may import Electron.']]),
  // app/ is the Electron shell: it may use the engine and the handlers, never the CLI.
  layer(['src-main/app/**'], [[['**/cli/**'], 'src-main/app never imports the CLI.']], {
    ignores: [IPC_WRAPPERS.main],
  }),
  layer([IPC_WRAPPERS.main], [[['**/cli/**'], 'src-main/app never imports the CLI.']], { paths: [] }),
  // The preload script runs beside the page: it bridges IPC to the contract and nothing else.
  {
    files: ['src-preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'],
              message: 'src-preload uses only contextBridge and ipcRenderer of Electron.',
            },
          ],
          patterns: [
            {
              regex: String.raw`^(?!electron$|\.\./src-shared/)`,
              message: 'src-preload imports only Electron (contextBridge, ipcRenderer) and src-shared.',
            },
          ],
        },
      ],
    },
  },
  // ipcRenderer stays in the wrapper, even within the preload.
  {
    files: ['src-preload/**'],
    ignores: [IPC_WRAPPERS.preload],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'IpcRendererEvent'],
              message: `src-preload uses only contextBridge of Electron; ${IPC_MESSAGE}`,
            },
          ],
          patterns: [
            {
              regex: String.raw`^(?!electron$|\.\./src-shared/)`,
              message: 'src-preload imports only Electron (contextBridge, ipcRenderer) and src-shared.',
            },
          ],
        },
      ],
    },
  },
  // SQL is prepared only in the archive's modules. A later no-restricted-syntax replaces an earlier one,
  // so the IPC rule is repeated here.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/engine/archive/**', IPC_WRAPPERS.main],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]', message: IPC_MESSAGE },
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message: 'SQL lives in src-main/engine/archive: add a function there and call it.',
        },
      ],
    },
  },
  // A migration never imports code that may change later, so an old archive always migrates the same way.
  layer(
    ['src-main/engine/archive/migrations/0*.ts', 'src-main/engine/archive/migrations/frozen/**'],
    [
      [
        ['../*', 'electron'],
        'Migrations are frozen: inline what they need, or copy it into migrations/frozen/.',
      ],
    ],
  ),
  prettier,
);
