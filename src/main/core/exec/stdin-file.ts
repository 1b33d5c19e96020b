/**
 * Stdin for a program that opens /dev/stdin by name, as the AWS CLI (`file:///dev/stdin`) and the
 * Azure CLI (`--file /dev/stdin`) do. Node gives a child a socket for stdio 'pipe', and on Linux a
 * socket can't be opened again through /dev/stdin (ENXIO: "No such device or address"); a FIFO
 * can, but only while a writer is still open, so the program would never see the end of it. What
 * works is a file descriptor: the text goes into an owner-only file in a private folder in
 * /dev/shm (memory, never the disk), both are unlinked before the program starts, and the program
 * gets a read descriptor of what is then a file without a name. It is emptied when the run ends.
 * macOS (/dev/fd/0 duplicates the socket) and Windows don't need this.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StdinFile {
  /** A read descriptor at offset 0, for the child's stdio[0]. */
  readFd: number;
  /** Empties and closes the nameless file. */
  dispose(): Promise<void>;
}

export async function openStdinFile(text: string): Promise<StdinFile> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const folder = await mkdtemp(join(base, 'keywarden-stdin-'));
  const file = join(folder, 'stdin');
  let writer: FileHandle | null = null;
  let reader: FileHandle | null = null;
  try {
    writer = await open(file, 'wx', 0o600);
    await writer.writeFile(text, 'utf8');
    reader = await open(file, 'r');
  } catch (error) {
    await writer?.truncate(0).catch(() => undefined);
    await writer?.close();
    await reader?.close();
    throw error;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const [writeEnd, readEnd] = [writer, reader];
  return {
    readFd: readEnd.fd,
    async dispose() {
      await writeEnd.truncate(0).catch(() => undefined);
      await writeEnd.close().catch(() => undefined);
      await readEnd.close().catch(() => undefined);
    },
  };
}
