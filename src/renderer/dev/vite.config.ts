/**
 * Dev only: builds the renderer with the fake bridge into /tmp/kw-dev for screenshots.
 * `npx vite build --config src/renderer/dev/vite.config.ts`
 * With KW_REAL=1 it builds the real entry (src/renderer/index.html) into /tmp/kw-real-build, for a
 * browser harness started with `--renderer /tmp/kw-real-build`, without touching out/.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const real = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.KW_REAL === '1';

export default defineConfig({
  root: new URL(real ? '..' : '.', import.meta.url).pathname,
  base: './',
  plugins: [react()],
  build: { outDir: real ? '/tmp/kw-real-build' : '/tmp/kw-dev', emptyOutDir: true, target: 'es2022' },
});
