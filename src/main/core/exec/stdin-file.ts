/**
 * Stdin for a program that opens /dev/stdin by name, as the AWS CLI (`file:///dev/stdin`) and the
 * Azure CLI (`--file /dev/stdin`) do. Node gives a child a socket for stdio 'pipe', and on Linux a
 * socket can't be opened again through /dev/stdin (ENXIO: "No such device or address"); a FIFO
 * can, but only while a writer is still open, so the program would never see the end of it. What
 * works is a file descriptor: the text goes into an owner-only file in a private folder in
 * /dev/shm (memory, never the disk), both are unlinked before the program starts, and the program
 * gets a read descriptor of what is then a file without a name. It is emptied when the run ends.
 * macOS (/dev/fd/0 duplicates the socket) and Windows don't need this.
 *
 * A Keywarden killed between writing the file and unlinking it would leave the secret in memory
 * under /dev/shm until the next reboot, so each folder's name carries the pid that made it, and
 * before its first use a process removes the folders of its user whose process is gone.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'keywarden-stdin-';
/** A folder named before names carried a pid: stale once no run could still be writing it. */
const UNNAMED_STALE_MS = 60_000;

let swept: Promise<void> | null = null;

export interface StdinFile {
  /** A read descriptor at offset 0, for the child's stdio[0]. */
  readFd: number;
  /** Empties and closes the nameless file. */
  dispose(): Promise<void>;
}

/** Removes the stdin folders in `base` that a process of this user left when it died. */
export async function removeStaleStdinFolders(base: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(base).catch(() => [])) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = join(base, name);
    try {
      const stats = await lstat(folder);
      if (!stats.isDirectory() || stats.uid !== process.getuid?.()) continue;
      const pid = /^(\d+)-/.exec(name.slice(PREFIX.length))?.[1];
      const stale = pid === undefined ? Date.now() - stats.mtimeMs > UNNAMED_STALE_MS : !processAlive(Number(pid));
      if (!stale) continue;
      await rm(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openStdinFile(text: string): Promise<StdinFile> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  swept ??= removeStaleStdinFolders(base).then(() => undefined);
  await swept;
  const folder = await mkdtemp(join(base, `${PREFIX}${process.pid}-`));
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
