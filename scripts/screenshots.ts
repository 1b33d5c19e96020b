/**
 * `npm run screenshots [-- --out DIR]`: retakes every picture in docs/screenshots, in the light and
 * the dark scheme, from the browser harness: the renderer bridged to the real core, with its
 * embedded management service, the keychain and the harness's movable clock. The renderer is built
 * from the sources as they are, into a folder of this run's own: out/ is shared with `npm run build`,
 * the e2e tests and anyone's work in progress, so a picture taken from it may show other sources.
 * Without a reachable Secret Service (Linux), it runs in a private gnome-keyring session, as
 * `npm test` does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/e2e/chromium.ts';
import { ensureKeyring } from './keyring-session.mjs';
import { SCREENSHOTS, shootScheme } from './screenshot-scenes.ts';

const root = resolve(import.meta.dirname, '..');
ensureKeyring({
  script: import.meta.filename,
  args: process.argv.slice(2),
  command: 'npm run screenshots',
  activity: 'the screenshots',
});
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'docs/screenshots') } } });
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });

const buildDir = mkdtempSync(join(tmpdir(), 'keywarden-screenshots-'));
const written: string[] = [];
try {
  const rendererDir = buildRenderer(buildDir);
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    for (const scheme of ['light', 'dark'] as const) {
      written.push(...(await shootScheme(browser, scheme, outDir, rendererDir)));
      console.log(`${scheme}: ${SCREENSHOTS.length} pictures`);
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
console.log(`Wrote ${written.length} screenshots to ${outDir}.`);
const stale = readdirSync(outDir).filter(
  (file) => file.endsWith('.png') && !written.some((path) => basename(path) === file),
);
if (stale.length > 0) console.log(`Not taken by this script (delete them, or add a scene): ${stale.join(', ')}`);

/** Builds the app into `buildDir` (electron-vite's --outDir) and returns its renderer folder. */
function buildRenderer(buildDir: string): string {
  console.log('Building the renderer from the current sources.');
  const build = spawnSync(
    process.execPath,
    // Errors only: electron-vite warns that a folder outside the project is not emptied, and this one is new.
    [
      join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      buildDir,
      '--logLevel',
      'error',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    rmSync(buildDir, { recursive: true, force: true });
    console.error('The renderer build failed (see above), so no screenshot was taken.');
    process.exit(build.status ?? 1);
  }
  return join(buildDir, 'renderer');
}
