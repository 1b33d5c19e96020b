/**
 * The `.env` target: replace (or add) one `NAME=value` entry and leave every other line, comment
 * and line ending as it was. The file is replaced atomically (a temporary file in the same folder,
 * flushed to disk, renamed over the old one), so a program reading it at that moment sees the old
 * file or the new one, never half of either; the new file is readable by its owner only (0600).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, open, readFile, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorMessage } from '../../../shared/error-message.ts';
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import type { AdapterVerdict } from './adapter.ts';

/** Characters that read back the same unquoted in every common .env parser. */
const PLAIN_VALUE = /^[A-Za-z0-9_\-.,:/@%+=~]+$/;

/**
 * How `value` is written so dotenv (and parsers that follow its rules) reads back exactly `value`:
 * - single quotes keep everything literally, newlines included, but can't hold a quote `'`;
 * - double quotes turn `\n` and `\r` into line breaks, so they hold values with quotes `'` and
 *   carriage returns, but no `"` and no backslash (it would read as an escape);
 * - backticks, like single quotes, for a value with both kinds of quotes;
 * - bare, as a last resort: read literally up to a `#` or the end of the line, trimmed.
 * A quoted value must not end in a backslash (it would escape the closing quote), and a carriage
 * return only survives inside double quotes (parsers turn CRLF into LF). Null when no form works.
 */
export function encodeEnvValue(value: string): string | null {
  if (PLAIN_VALUE.test(value)) return value;
  const literal = (quote: string) =>
    !value.includes(quote) && !value.includes('\r') && !value.endsWith('\\') ? `${quote}${value}${quote}` : null;
  const doubleQuoted =
    !value.includes('"') && !value.includes('\\') ? `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"` : null;
  const bare = /^[^\s'"`#][^#\r\n]*$/.test(value) && value.trimEnd() === value ? value : null;
  return literal("'") ?? doubleQuoted ?? literal('`') ?? bare;
}

/**
 * One entry per match: a quoted value may span lines, so the lines inside it are never taken for
 * entries of their own. `rest` is what follows the value on its last line (a comment, usually).
 */
const ENTRY =
  /^(?<lead>[ \t]*(?:export[ \t]+)?)(?<key>[\w.-]+)[ \t]*=[ \t]*(?<value>'(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\r\n]*)(?<rest>[^\r\n]*)/gm;

/** `text` with every `name=` entry set to `encoded`, or the entry added at the end. */
export function upsertEnvEntry(text: string, name: string, encoded: string): string {
  let found = false;
  const replaced = text.replace(ENTRY, (whole: string, ...groups: unknown[]) => {
    const { lead, key, rest } = groups.at(-1) as { lead: string; key: string; rest: string };
    if (key !== name) return whole;
    found = true;
    const comment = /^[ \t]*#/.test(rest) ? ` ${rest.trimStart()}` : '';
    return `${lead}${name}=${encoded}${comment}`;
  });
  if (found) return replaced;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${name}=${encoded}${eol}`;
}

export class EnvFileError extends Error {
  readonly code: 'invalid_value' | 'write_failed';

  constructor(code: EnvFileError['code'], message: string) {
    super(message);
    this.name = 'EnvFileError';
    this.code = code;
  }
}

/** A symlinked .env is updated where it really lives, and stays a symlink. */
async function realFile(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Whether Keywarden could write `path`: its folder exists and may be written. */
export async function canWriteEnvFile(path: string): Promise<string | null> {
  const folder = dirname(await realFile(path));
  try {
    await access(folder, constants.W_OK);
    return null;
  } catch {
    return folderUnwritable(folder);
  }
}

/** The Test button's sentence; a failed write says the same, without its temporary file's name. */
function folderUnwritable(folder: string): string {
  return `The folder ${folder} doesn't exist or Keywarden may not write to it.`;
}

/** Errors that mean the folder is missing or closed to Keywarden, not something about the file. */
const FOLDER_ERRORS: ReadonlySet<string> = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR']);

export async function writeEnvEntry(path: string, name: string, value: string): Promise<void> {
  const encoded = encodeEnvValue(value);
  if (encoded === null) {
    throw new EnvFileError(
      'invalid_value',
      "This secret holds all three kinds of quotes (' \" `) along with a #, a line break or spaces at its ends: no .env quoting keeps that intact, so the file wasn't changed.",
    );
  }
  const file = await realFile(path);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.keywarden-tmp`);
  try {
    const next = upsertEnvEntry(await readIfPresent(file), name, encoded);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(next, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A umask such as 0277 would have left the owner unable to write the file later.
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code !== undefined && FOLDER_ERRORS.has(code) ? folderUnwritable(dirname(file)) : errorMessage(error);
    throw new EnvFileError('write_failed', `Keywarden couldn't write ${file}: ${reason}`);
  }
  await syncFolder(dirname(file));
}

/** Makes the rename itself durable; some systems (Windows) can't open a folder: best effort. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is in place either way.
  }
}

/** A push to a `.env` target, as a verdict like a CLI's (there is no exit code). */
export async function pushToEnvFile(config: SecretTargetConfig<'dotenv'>, secret: string): Promise<AdapterVerdict> {
  try {
    await writeEnvEntry(config.path, config.name, secret);
    return { outcome: 'ok', exitCode: null, detail: `${config.name} written to ${config.path}.` };
  } catch (error) {
    if (!(error instanceof EnvFileError)) throw error;
    return { outcome: error.code, exitCode: null, detail: error.message };
  }
}
