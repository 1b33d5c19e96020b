/**
 * Writes text produced chunk by chunk (an export of a million rows never sits in memory whole)
 * to a temporary file beside the destination, then renames it over: whoever opens the file sees
 * the old one or the whole new one, never half an export.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function writeTextFile(path: string, chunks: AsyncIterable<string>): Promise<number> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  const output = createWriteStream(temporary, { flags: 'wx' });
  try {
    await pipeline(Readable.from(chunks), output);
    await rename(temporary, path);
    return output.bytesWritten;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
