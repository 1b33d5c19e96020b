/**
 * Start at login: off until turned on, through the settings channels; on Linux an XDG autostart
 * entry that a real desktop launcher (GLib's, as GNOME uses it) starts with exactly the program
 * and arguments asked for, whatever the program's path holds.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createXdgAutostart, execLine, xdgConfigHome } from '../../../src/main/core/login-item/xdg-autostart.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

const folders: string[] = [];
let app: CoreFixture | undefined;
afterEach(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
  app = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keywarden-autostart-'));
  folders.push(folder);
  return folder;
}

const entryPath = (configHome: string) => join(configHome, 'autostart', 'keywarden.desktop');

describe('start at login through the settings channels', () => {
  it('is off by default, writes the autostart entry when turned on and removes it when turned off', async () => {
    const configHome = tempFolder();
    const loginItem = createXdgAutostart({ configHome, executable: '/opt/Keywarden/keywarden', args: ['--hidden'] });
    app = await startCoreFixture({ loginItem });

    expect(await app.call('settings:startAtLogin')).toEqual({ enabled: false, supported: true, note: null });
    expect(existsSync(entryPath(configHome))).toBe(false);

    expect(await app.call('settings:setStartAtLogin', { enabled: true })).toEqual({
      enabled: true,
      supported: true,
      note: null,
    });
    const entry = readFileSync(entryPath(configHome), 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\n/);
    expect(entry).toContain('\nType=Application\n');
    expect(entry).toContain('\nExec=/opt/Keywarden/keywarden --hidden\n');
    expect(await app.call('settings:startAtLogin')).toMatchObject({ enabled: true });

    expect(await app.call('settings:setStartAtLogin', { enabled: false })).toMatchObject({ enabled: false });
    expect(existsSync(entryPath(configHome))).toBe(false);
  });

  it('says so where the host cannot start the app at login', async () => {
    app = await startCoreFixture();
    expect(await app.call('settings:startAtLogin')).toEqual({
      enabled: false,
      supported: false,
      note: 'Keywarden cannot start itself at login here; this only works in the desktop app.',
    });
    const refused = await app.attempt('settings:setStartAtLogin', { enabled: true });
    expect(refused).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('answers with a sentence when the entry cannot be written', async () => {
    const configHome = join(tempFolder(), 'not-a-folder');
    writeFileSync(configHome, 'a file where ~/.config should be');
    app = await startCoreFixture({
      loginItem: createXdgAutostart({ configHome, executable: '/usr/bin/keywarden', args: [] }),
    });
    const failed = await app.attempt('settings:setStartAtLogin', { enabled: true });
    expect(failed).toMatchObject({ ok: false, code: 'internal' });
    expect(!failed.ok && failed.message).toMatch(/^Keywarden could not set itself to start at login \(.*ENOTDIR/);
  });
});

describe('the XDG autostart entry', () => {
  it('reads as off when the desktop’s startup settings turned it off', async () => {
    const configHome = tempFolder();
    const autostart = createXdgAutostart({ configHome, executable: '/usr/bin/keywarden', args: ['--hidden'] });
    await autostart.set(true);
    const entry = readFileSync(entryPath(configHome), 'utf8');
    writeFileSync(
      entryPath(configHome),
      entry.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(await autostart.get()).toEqual({
      openAtLogin: false,
      note: 'Turned off in your desktop’s startup applications; turn it on here to start again.',
    });
    expect(await autostart.set(true)).toEqual({ openAtLogin: true, note: null });
  });

  it('says when the entry starts another copy of Keywarden (an AppImage renamed by an update)', async () => {
    const configHome = tempFolder();
    await createXdgAutostart({ configHome, executable: '/home/ada/Keywarden-0.1.0.AppImage', args: [] }).set(true);
    const current = createXdgAutostart({ configHome, executable: '/home/ada/Keywarden-0.2.0.AppImage', args: [] });
    const state = await current.get();
    expect(state.openAtLogin).toBe(true);
    expect(state.note).toContain('starts /home/ada/Keywarden-0.1.0.AppImage, not this copy of Keywarden');
    expect(await current.set(true)).toEqual({ openAtLogin: true, note: null });
  });

  it('quotes by the Desktop Entry rules: reserved characters quoted, "%" doubled, backslashes doubled twice', () => {
    expect(execLine(['/usr/bin/keywarden', '--hidden'])).toBe('/usr/bin/keywarden --hidden');
    expect(execLine(['/opt/My Apps/keywarden'])).toBe('"/opt/My Apps/keywarden"');
    expect(execLine(['/a/$HOME/"q"/k'])).toBe('"/a/\\\\$HOME/\\\\"q\\\\"/k"');
    expect(execLine(['/a\\b'])).toBe('"/a\\\\\\\\b"');
    expect(execLine(['/50%/k'])).toBe('/50%%/k');
    expect(execLine([''])).toBe('""');
    expect(() => execLine(['/a\nb'])).toThrow(/line break/);
  });

  it('follows $XDG_CONFIG_HOME only when it is an absolute path', () => {
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '/srv/config' }, '/home/ada')).toBe('/srv/config');
    expect(xdgConfigHome({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config');
    expect(xdgConfigHome({}, '/home/ada')).toBe('/home/ada/.config');
  });

  const gio = spawnSync('gio', ['version'], { encoding: 'utf8' });
  const noGio = gio.status !== 0 ? 'GLib’s gio is not installed: the real launcher check is skipped.' : '';
  if (noGio) console.log(noGio);

  it.skipIf(noGio)('is started by a real desktop launcher with exactly its program and arguments', async () => {
    for (const folderName of ['plain', 'My Apps', 'dollar $HOME', 'quote "q"', 'back\\slash', "it's", '100% sure']) {
      const root = tempFolder();
      const program = join(root, folderName, 'keywarden');
      const output = join(root, 'argv');
      mkdirSync(join(root, folderName));
      // The stand-in writes how it was started: its own path, then each argument, one a line.
      writeFileSync(program, `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${output}'\n`);
      chmodSync(program, 0o755);
      const configHome = join(root, 'config');
      await createXdgAutostart({ configHome, executable: program, args: ['--hidden', 'two words'] }).set(true);

      const launched = spawnSync('gio', ['launch', entryPath(configHome)], { encoding: 'utf8', timeout: 10_000 });
      expect(launched.stderr, folderName).toBe('');
      await expect.poll(() => existsSync(output), { timeout: 5000 }).toBe(true);
      await expect
        .poll(() => readFileSync(output, 'utf8'), { timeout: 5000 })
        .toBe(`${program}\n--hidden\ntwo words\n`);
    }
  });
});
