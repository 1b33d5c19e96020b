import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Bundles bridge-client.ts into one classic script, in memory, with Vite (a dev dependency). */
export async function bundleBridge(): Promise<string> {
  const entry = fileURLToPath(new URL('./bridge-client.ts', import.meta.url));
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['iife'], name: 'KeywardenHarnessBridge', fileName: () => 'bridge.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const chunk of output.output) if (chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('Could not bundle the harness bridge.');
}
