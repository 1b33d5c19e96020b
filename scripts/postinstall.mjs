// After `npm install`: says in one sentence what is missing instead of failing the install.
// - The keychain module (keytar) is optional: when it could not be built (on Linux, usually
//   libsecret's headers), name the package to install (see keychain-module.mjs for why).
// - Electron's own binary download runs as a warning rather than a failed install: tests, the
//   browser harness and the server work without the binary; `npm start` explains how to get it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, MISSING_ELECTRON } from './electron-binary.mjs';
import { currentKeychainModuleAdvice } from './keychain-module.mjs';

const keychainAdvice = currentKeychainModuleAdvice();
if (keychainAdvice) console.warn(`Note: ${keychainAdvice}`);

const { path, packageDir } = electronBinary();
if (path || !packageDir || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
if (install.status !== 0 || !electronBinary().path) console.warn(`Note: ${MISSING_ELECTRON}`);
