/**
 * Start at login on Linux: an XDG autostart entry, `keywarden.desktop` in
 * `$XDG_CONFIG_HOME/autostart` (`~/.config/autostart`), which every desktop that follows the
 * freedesktop.org Desktop Application Autostart spec starts at login (GNOME, KDE, Xfce, …).
 * Electron's login-item settings do nothing on Linux, hence this file. Plain Node, so it is tested
 * on a temporary folder.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoginItemPort, LoginItemState } from '../ports.ts';

export const AUTOSTART_FILE_NAME = 'keywarden.desktop';

export interface XdgAutostartOptions {
  /** `$XDG_CONFIG_HOME`, or `~/.config` when it is unset or not absolute (see `xdgConfigHome`). */
  configHome: string;
  /** What to start: the AppImage (`$APPIMAGE`) when the app runs from one, else the executable. */
  executable: string;
  /** Its arguments, such as the flag that starts the app in the tray instead of with its window. */
  args: readonly string[];
}

/** `$XDG_CONFIG_HOME` when it is an absolute path (the spec says to ignore anything else), else `~/.config`. */
export function xdgConfigHome(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configured = env.XDG_CONFIG_HOME;
  return configured?.startsWith('/') ? configured : join(home, '.config');
}

export function createXdgAutostart(options: XdgAutostartOptions): LoginItemPort {
  const folder = join(options.configHome, 'autostart');
  const file = join(folder, AUTOSTART_FILE_NAME);
  // GLib (GNOME's launcher) looks for Exec's program before it reads "%%" as "%", so a path with
  // a "%" would not be found: env starts such a program instead.
  const program = options.executable.includes('%') ? ['env', options.executable] : [options.executable];
  const exec = execLine([...program, ...options.args]);

  const read = async (): Promise<LoginItemState> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { openAtLogin: false, note: null };
      throw error;
    }
    const entry = desktopEntryKeys(text);
    if (entry.get('Hidden') === 'true' || entry.get('X-GNOME-Autostart-enabled') === 'false') {
      return {
        openAtLogin: false,
        note: 'Turned off in your desktop’s startup applications; turn it on here to start again.',
      };
    }
    const starts = entry.get('Exec');
    if (starts !== exec) {
      const note = `The entry in ${file} starts ${starts ?? 'nothing'}, not this copy of Keywarden: turn it off and on again to start this one.`;
      return { openAtLogin: true, note };
    }
    return { openAtLogin: true, note: null };
  };

  return {
    get: read,
    async set(openAtLogin) {
      if (!openAtLogin) {
        await rm(file, { force: true });
        return read();
      }
      await mkdir(folder, { recursive: true });
      // Written aside and renamed over the old entry: a session starting meanwhile reads all or nothing.
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, desktopEntry(exec), { mode: 0o644 });
      await rename(temporary, file);
      return read();
    },
  };
}

function desktopEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Keywarden',
    'Comment=Keeps watch over your API keys and reminds you before they expire',
    `Exec=${exec}`,
    'Icon=keywarden',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Characters the Desktop Entry spec reserves in an Exec argument: such an argument is quoted. */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * An Exec value that runs exactly these arguments, whatever a path holds (spaces, quotes, "$",
 * "%", backslashes). The spec's rules, in the order a reader undoes them: "%" is doubled (field
 * codes); an argument with a reserved character is put in double quotes with `"`, `` ` ``, `$`
 * and `\` backslash-escaped; then, the value being a string, every backslash is doubled again.
 */
export function execLine(argv: readonly string[]): string {
  return argv
    .map((argument) => {
      if (/[\n\r\t]/.test(argument)) {
        throw new Error('A program path or argument with a line break cannot go into an autostart entry.');
      }
      const literal = argument.replaceAll('%', '%%');
      const quoted =
        literal === '' || RESERVED.test(literal) ? `"${literal.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : literal;
      return quoted.replaceAll('\\', '\\\\');
    })
    .join(' ');
}

/** The keys of the file's [Desktop Entry] group, values as written. */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('[')) inEntry = line.trim() === '[Desktop Entry]';
    else if (inEntry && !line.startsWith('#')) {
      const equals = line.indexOf('=');
      if (equals > 0) keys.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
    }
  }
  return keys;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
