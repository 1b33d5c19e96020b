/**
 * Dev only: builds the renderer with the fake bridge into /tmp/kw-dev for screenshots.
 * `npx vite build --config src/renderer/dev/vite.config.ts`
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: './',
  plugins: [react()],
  build: { outDir: '/tmp/kw-dev', emptyOutDir: true, target: 'es2022' },
});
