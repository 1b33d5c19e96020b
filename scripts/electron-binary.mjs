// Where the Electron binary should be, and whether it is there. Shared by start and the tests.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return { path: null, packageDir };
    const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return { path: existsSync(path) ? path : null, packageDir };
  } catch {
    return { path: null, packageDir: null };
  }
}

export const MISSING_ELECTRON =
  "Electron's binary is not installed (npm could not download it from Electron's releases): on a machine that can reach them, run `node node_modules/electron/install.js`, then try again.";
