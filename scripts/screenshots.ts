/**
 * `npm run screenshots [-- --out DIR]`: retakes every picture in docs/screenshots, in the light and
 * the dark scheme, from the browser harness: the built renderer bridged to the real core, with its
 * embedded management service, the keychain and the harness's movable clock. Builds the renderer
 * first when its sources changed since the last build. Without a reachable Secret Service (Linux),
 * it runs in a private gnome-keyring session, as `npm test` does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
buildRendererIfStale();

const browser = await chromium.launch(chromiumLaunchOptions);
const written: string[] = [];
try {
  for (const scheme of ['light', 'dark'] as const) {
    written.push(...(await shootScheme(browser, scheme, outDir)));
    console.log(`${scheme}: ${SCREENSHOTS.length} pictures`);
  }
} finally {
  await browser.close();
}
console.log(`Wrote ${written.length} screenshots to ${outDir}.`);
const stale = readdirSync(outDir).filter(
  (file) => file.endsWith('.png') && !written.some((path) => basename(path) === file),
);
if (stale.length > 0) console.log(`Not taken by this script (delete them, or add a scene): ${stale.join(', ')}`);

/** The harness serves out/renderer: rebuild it when a renderer or shared source is newer. */
function buildRendererIfStale(): void {
  const built = join(root, 'out/renderer/index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = ['src/renderer', 'src/shared'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  if (sources.every((file) => statSync(file).mtimeMs <= builtAt)) return;
  console.log('Building the renderer (its sources changed since the last build).');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    console.error('The renderer build failed (see above), so no screenshot was taken.');
    process.exit(build.status ?? 1);
  }
}
