// `npm test`: typecheck, lint, build, Vitest (unit + integration) and Playwright (browser-harness
// e2e, and Electron e2e or its skip line). Keychain tests need a Secret Service on Linux: when
// none is reachable, this starts its own D-Bus session with an unlocked gnome-keyring (in a
// throwaway folder) and runs everything inside it, so a developer's real keychain is untouched.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);

if (process.platform === 'linux' && !process.env.KEYWARDEN_KEYRING_SESSION && !secretServiceReachable()) {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    console.error(`No Secret Service is reachable and ${missing.join(' and ')} is missing: install the gnome-keyring and dbus packages (Debian/Ubuntu: apt-get install gnome-keyring dbus), then run npm test again.`);
    process.exit(1);
  }
  console.log('No Secret Service was reachable: running the tests in a private D-Bus session with an unlocked gnome-keyring.');
  const keyringHome = mkdtempSync(join(tmpdir(), 'keywarden-keyring-'));
  const inner = `printf keywarden-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "${process.execPath}" "${resolve(root, 'scripts/test.mjs')}"`;
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
    stdio: 'inherit',
    env: { ...process.env, XDG_DATA_HOME: keyringHome, KEYWARDEN_KEYRING_SESSION: '1' },
  });
  process.exit(run.status ?? 1);
}

const steps = [
  ['Typecheck', bin('tsc'), ['-b']],
  ['Lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['Build', bin('electron-vite'), ['build']],
  ['Vitest (unit + integration)', bin('vitest'), ['run']],
  ['Playwright (browser harness e2e + Electron e2e)', bin('playwright'), ['test']],
];
for (const [title, command, args] of steps) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`== ${title}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function secretServiceReachable() {
  const probe = spawnSync(process.execPath, ['-e', "require('keytar').findCredentials('Keywarden-probe').then(()=>process.exit(0),()=>process.exit(1))"], {
    cwd: root,
    timeout: 5000,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

function onPath(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}
