/**
 * Finding the real CLIs installed on this machine, for the tests that run them. Admins may have
 * several: Debian's AWS CLI v2 is /usr/bin/aws, while pyenv puts a v1 shim earlier on PATH.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface RealCli {
  path: string;
  /** The folder to put first on the CLI's PATH so that this one is found. */
  folder: string;
  versionOutput: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every working `program` on this process's PATH and in the usual system folders, first found first. */
export function findRealClis(program: string, versionArgs: string[]): RealCli[] {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'];
  const seen = new Set<string>();
  const found: RealCli[] = [];
  for (const folder of folders) {
    if (!folder.startsWith('/')) continue;
    const path = join(folder, program);
    if (!isExecutable(path)) continue;
    // /bin is /usr/bin on most systems now: one CLI, found twice.
    const real = realpathSync(path);
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      const output = execFileSync(path, versionArgs, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' },
      });
      found.push({ path, folder: dirname(path), versionOutput: output });
    } catch {
      // A shim without an installation behind it, or a broken install: not a CLI to test with.
    }
  }
  return found;
}
