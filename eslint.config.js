// Flat config. Besides the usual rules, it enforces which process each folder runs in
// (STYLE.md §1): shared code runs anywhere, the renderer is a browser, core and server are
// plain Node, and only the thin Electron shell and the preload may import `electron`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'This folder runs outside Node: no node:* imports.' };
const noElectron = { name: 'electron', message: 'Only src/main (outside core) and src/preload may import electron.' };
const nativeModules = [
  { name: 'better-sqlite3', message: 'SQLite stays in the main process, behind repositories.' },
  { name: 'keytar', message: 'The keychain stays in the main process, behind SecretStore.' },
];
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed contract (src/shared/ipc.ts): raw IPC lives only in src/main/ipc.ts and src/preload.',
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
    files: ['src/main/core/**/*.ts', 'src/server/**/*.ts', 'src/harness/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['test/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/**', 'src/main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noRawIpc] }] },
  },
);
