/**
 * The harness's save dialog: a download. The file goes into the harness's downloads folder under
 * the name the app suggested (numbered when taken), and is recorded (`save-file`: the name, the
 * path and its size) so a test can read back exactly what a user would have saved.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { writeTextFile } from '../main/core/files/write-text-file.ts';
import type { SaveFilePort } from '../main/core/ports.ts';
import type { EventRecorder } from './recording-ports.ts';

export function recordingSaveFile(recorder: EventRecorder, downloadsDir: string): SaveFilePort {
  return {
    async save({ suggestedName, chunks }) {
      mkdirSync(downloadsDir, { recursive: true });
      const path = join(downloadsDir, freeName(downloadsDir, suggestedName));
      await writeTextFile(path, chunks());
      recorder.record('save-file', { suggestedName, path, bytes: (await stat(path)).size });
      return { path };
    },
  };
}

/** "export.csv", then "export (2).csv", as a browser names a second download. */
function freeName(folder: string, name: string): string {
  const taken = new Set(readdirSync(folder));
  if (!taken.has(name)) return name;
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}
