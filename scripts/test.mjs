// `npm test`: typecheck, lint, format check, build, Vitest (unit + integration) and Playwright (browser-harness
// e2e, and Electron e2e or its skip line). Keychain tests need a Secret Service on Linux: when
// none is reachable, this starts its own D-Bus session with an unlocked gnome-keyring (in a
// throwaway folder) and runs everything inside it, so a developer's real keychain is untouched.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronBinary } from './electron-binary.mjs';
import { currentKeychainModuleAdvice } from './keychain-module.mjs';
import { ensureKeyring, onPath } from './keyring-session.mjs';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);

// The keychain tests (and the typecheck) need the keychain module, an optional dependency: say what
// to install now rather than fail far below.
const keychainAdvice = currentKeychainModuleAdvice();
if (keychainAdvice) {
  console.error(`npm test needs the keychain module. ${keychainAdvice}`);
  process.exit(1);
}

ensureKeyring({ script: resolve(root, 'scripts/test.mjs'), command: 'npm test', activity: 'the tests' });

const reports = mkdtempSync(join(tmpdir(), 'keywarden-test-reports-'));
const vitestReport = join(reports, 'vitest.json');
const playwrightReport = join(reports, 'playwright.json');
const steps = [
  ['Typecheck', bin('tsc'), ['-b']],
  ['Lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['Format', bin('prettier'), ['--check', '.']],
  ['Build', bin('electron-vite'), ['build', '--logLevel', 'warn']],
  [
    'Vitest (unit + integration)',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  ],
  [
    'Playwright (browser harness e2e + Electron e2e)',
    ...withDisplay(bin('playwright'), ['test', '--reporter=list,json']),
  ],
];
const baseEnv = { ...process.env };
if (!process.stdout.isTTY) {
  // Plain logs in CI. FORCE_COLOR would override NO_COLOR (and Node warns about the pair).
  baseEnv.NO_COLOR = '1';
  delete baseEnv.FORCE_COLOR;
}
for (const [title, command, args] of steps) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...baseEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
  });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    printSummary();
    process.exit(result.status ?? 1);
  }
  console.log(`== ${title}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
printSummary();

/** One closing line over both runners: `Tests: N passed, N failed, N skipped`. */
function printSummary() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const vitest = readJson(vitestReport);
  if (vitest) {
    counts.passed += vitest.numPassedTests;
    counts.failed += vitest.numFailedTests;
    counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
  }
  const playwright = readJson(playwrightReport);
  if (playwright) {
    counts.passed += playwright.stats.expected + playwright.stats.flaky;
    counts.failed += playwright.stats.unexpected;
    counts.skipped += playwright.stats.skipped;
  }
  console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Electron needs a display: on headless Linux, run Playwright under a virtual one (Xvfb). */
function withDisplay(command, args) {
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!headless || !electronBinary().path) return [command, args];
  if (!onPath('xvfb-run')) {
    console.log('No display and no xvfb-run: the Electron e2e tests may fail to open a window (install xvfb).');
    return [command, args];
  }
  return ['xvfb-run', ['-a', command, ...args]];
}
