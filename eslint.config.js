// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Import edges that keep the layers apart (data flows one way: renderer → transport → handlers → engine). */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

const IPC_WRAPPERS = { main: 'src-main/app/ipc-main.ts', preload: 'src-preload/index.ts' };
const IPC_MESSAGE = `Electron IPC only in ${IPC_WRAPPERS.main} and ${IPC_WRAPPERS.preload}.`;

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'eslint.config.js'] },
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
  // Electron IPC lives in two wrapper files (Heroic's rule): every other file deals in plain functions,
  // so no module can open a channel the contract does not know. The layers below ban 'electron' outright.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [IPC_WRAPPERS.main, IPC_WRAPPERS.preload],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: IPC_MESSAGE }] },
      ],
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
  layer(
    ['src-main/engine/**'],
    ['electron', '**/app/**', '**/handlers/**', '**/cli/**', '**/web/**', '**/src-renderer/**'],
    'The engine is plain Node: it never imports Electron, transports or the CLI.',
  ),
  layer(
    ['src-shared/**'],
    ['node:*', 'electron', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**'],
    'src-shared runs anywhere: no Node built-ins, no Electron, no other layer.',
  ),
  layer(
    ['src-renderer/**'],
    ['node:*', 'electron', '**/src-main/**', '**/src-preload/**'],
    'The renderer talks to main only through the contract in src-shared.',
  ),
  layer(
    ['src-main/handlers/**', 'src-main/cli/**', 'src-main/web/**'],
    ['electron', '**/app/**'],
    'Only src-main/app may import Electron.',
  ),
  // SQL is prepared only in the archive's modules. A later no-restricted-syntax replaces an earlier one,
  // so the IPC rule is repeated here.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/engine/archive/**', IPC_WRAPPERS.main, 'src-main/handlers/archive-reads.ts'],
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
    ['../*', 'electron'],
    'Migrations are frozen: inline what they need, or copy it into migrations/frozen/.',
  ),
  prettier,
);
