// Keychain access on Linux needs a Secret Service. When none is reachable, a script re-runs itself
// inside a private D-Bus session with an unlocked gnome-keyring kept in a throwaway folder, so a
// developer's real keychain is untouched. `npm test` and `npm run screenshots` both do this.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Returns when the keychain is usable here (not Linux, a Secret Service answers, or this already
 * is the private session). Otherwise runs `script` with `args` in a private session and exits with
 * its status, or exits 1 saying what to install when the tools for that session are missing.
 * `command` is what the user typed (`npm test`), `activity` what runs (`the tests`).
 */
export function ensureKeyring({ script, args = [], command, activity }) {
  if (process.platform !== 'linux' || process.env.KEYWARDEN_KEYRING_SESSION || secretServiceReachable()) return;
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    console.error(
      `No Secret Service is reachable and ${missing.join(' and ')} is missing: install the gnome-keyring and dbus packages (Debian/Ubuntu: apt-get install gnome-keyring dbus), then run ${command} again.`,
    );
    process.exit(1);
  }
  console.log(
    `No Secret Service was reachable: running ${activity} in a private D-Bus session with an unlocked gnome-keyring.`,
  );
  const keyringHome = mkdtempSync(join(tmpdir(), 'keywarden-keyring-'));
  // "$0" "$@" carry Node, the script and its arguments through sh without quoting them by hand.
  const inner =
    'printf keywarden-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$0" "$@"';
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, process.execPath, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, XDG_DATA_HOME: keyringHome, KEYWARDEN_KEYRING_SESSION: '1' },
  });
  rmSync(keyringHome, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}

export function onPath(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function secretServiceReachable() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('keytar').findCredentials('Keywarden-probe').then(()=>process.exit(0),()=>process.exit(1))"],
    {
      cwd: root,
      timeout: 5000,
      stdio: 'ignore',
    },
  );
  return probe.status === 0;
}
