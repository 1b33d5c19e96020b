// Flat config. Besides the usual rules, it enforces the layering of docs/ARCHITECTURE.md twice:
// by package (shared code runs anywhere, the renderer is a browser, core and server are plain Node,
// only the thin Electron shell and the preload may import `electron`) and by folder (which folder
// may import which).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'This folder runs outside Node: no node:* imports.' };
const noElectron = { name: 'electron', message: 'Only src/main (outside core) and src/preload may import electron.' };
const nativeModules = [
  { name: 'better-sqlite3', message: 'SQLite stays in the main process, behind repositories.' },
  { name: 'keytar', message: 'The keychain stays in the main process, behind SecretStore.' },
];
const storageBackendMessage = 'Go through createStorage (src/server/storage/index.ts) and the repositories.';
const storageDrivers = ['better-sqlite3', 'pg'].map((name) => ({ name, message: storageBackendMessage }));
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed contract (src/shared/ipc/): raw IPC lives only in src/main/ipc.ts and src/preload.',
};

// The folder graph. A file may import its own folder and the folders listed. The first pattern a
// file matches names its folder, so `src/main/core` comes before the shell around it.
const folders = [
  { type: 'shared', pattern: 'src/shared/**', mayImport: [] },
  { type: 'renderer', pattern: 'src/renderer/**', mayImport: ['shared'] },
  { type: 'preload', pattern: 'src/preload/**', mayImport: ['shared'] },
  { type: 'server', pattern: 'src/server/**', mayImport: ['shared'] },
  { type: 'core', pattern: 'src/main/core/**', mayImport: ['shared', 'server'] },
  { type: 'shell', pattern: 'src/main/**', mayImport: ['core', 'shared', 'renderer-host'] },
  { type: 'renderer-host', pattern: 'src/renderer-host/**', mayImport: ['shared'] },
  { type: 'harness', pattern: 'src/harness/**', mayImport: ['core', 'shared', 'renderer-host'] },
];

function folderGraphRule(graph) {
  return [
    'error',
    {
      default: 'disallow',
      message: '{{from.element.type}} may not import {{to.element.type}} (folder graph in docs/ARCHITECTURE.md).',
      policies: graph.map(({ type, mayImport }) => ({
        from: { element: { type } },
        allow: { to: { element: { types: { anyOf: [type, ...mayImport] } } } },
      })),
    },
  ];
}

// eslint-plugin-boundaries resolves each import to the file it names, so every spelling of a path
// (`../../main/core/…`, with or without an extension, `import type`, `export … from`, `import()`)
// lands on the same folder. A specifier that is not a string literal can't be resolved: refused.
const folderGraph = {
  files: ['src/**/*.{ts,tsx,js,mjs}'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': folders.map(({ type, pattern }) => ({ type, pattern, partialMatch: false })),
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
    'boundaries/additional-dependency-nodes': [
      { selector: 'TSImportType > Literal', kind: 'type', name: 'import-type' },
      { selector: 'TSExternalModuleReference > Literal', kind: 'value', name: 'import-equals' },
    ],
    'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
  },
  rules: {
    'boundaries/dependencies': folderGraphRule(folders),
    // Every file under src belongs to a folder of the graph, and imports only files that do.
    'boundaries/no-unknown-files': 'error',
    'boundaries/no-unknown-dependencies': 'error',
    'no-restricted-syntax': [
      'error',
      {
        selector: 'ImportExpression[source.type!="Literal"]',
        message: 'Import a string literal, so the folder graph can check what is imported.',
      },
      {
        selector: 'CallExpression[callee.name="require"][arguments.0.type!="Literal"]',
        message: 'Require a string literal, so the folder graph can check what is required.',
      },
    ],
  },
};

// The harness's page side is bundled into the browser next to the renderer: like it, shared only.
const harnessPage = {
  files: ['src/harness/bridge-client.ts'],
  rules: {
    'boundaries/dependencies': folderGraphRule(
      folders.map((folder) => (folder.type === 'harness' ? { ...folder, mayImport: ['shared'] } : folder)),
    ),
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which this project does not run (TanStack Virtual trips it).
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': ['error', { paths: [noElectron, ...nativeModules], patterns: [nodeBuiltins] }],
    },
  },
  {
    files: ['src/shared/**/*.ts', 'src/harness/bridge-client.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, ...nativeModules], patterns: [nodeBuiltins] }] },
  },
  {
    files: [
      'src/main/core/**/*.ts',
      'src/server/**/*.ts',
      'src/renderer-host/**/*.ts',
      'src/harness/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
    ],
    ignores: ['test/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    // The service reaches a database only through createStorage: SQLite and PostgreSQL stay
    // interchangeable, so neither backend's quirks leak into a service or the composition root.
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/storage/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...storageDrivers],
          patterns: [{ regex: '/storage/(sqlite|postgres)/', message: storageBackendMessage }],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/**', 'src/main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noRawIpc] }] },
  },
  folderGraph,
  harnessPage,
);
