// `npm run dev:browser -- [--port P] [--data DIR]`: builds the renderer, then starts the browser
// harness. Build output goes to stderr, so stdout carries only the harness's one line.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', process.stderr, process.stderr],
});
if (build.status !== 0) {
  console.error('The renderer build failed (see above), so the harness did not start.');
  process.exit(build.status ?? 1);
}
const harness = spawn(process.execPath, [resolve(root, 'src/harness/cli.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => harness.kill(signal));
harness.on('exit', (code) => process.exit(code ?? 0));
