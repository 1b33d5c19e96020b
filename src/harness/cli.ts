/**
 * `npm run dev:browser -- [--port P] [--data DIR] [--keychain-service NAME]`
 * Prints exactly one line, `Keywarden browser harness: http://127.0.0.1:P/?token=T`, then serves
 * until interrupted. Diagnostics go to stderr so scripts can read stdout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../shared/error-message.ts';
import { startHarness } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    'keychain-service': { type: 'string', default: 'Keywarden-harness' },
    renderer: { type: 'string', default: resolve(import.meta.dirname, '../../out/renderer') },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

try {
  const harness = await startHarness({
    port,
    dataDir: values.data ?? mkdtempSync(join(tmpdir(), 'keywarden-harness-')),
    rendererDir: values.renderer,
    keychainService: values['keychain-service'],
  });
  console.log(`Keywarden browser harness: ${harness.url}`);
  const stop = () => void harness.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`The browser harness could not start: ${errorMessage(error)}`);
  process.exit(1);
}
