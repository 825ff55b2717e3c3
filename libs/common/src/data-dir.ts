import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes the data directory readable by its owner only: 0700, and 0600 for the files in it (key
 * hashes, the log, the read models). With `umask` (the default, for a process's entry point)
 * every file the process creates from then on - SQLite's WAL and shared-memory files, a rebuilt
 * read model - is created 0600 too. Files left by an older release are tightened as well.
 */
export const secureDataDir = (dir: string, { umask = true }: { umask?: boolean } = {}): void => {
  if (umask) process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isFile()) chmodSync(path, 0o600);
    else if (stat.isDirectory()) chmodSync(path, 0o700);
  }
};
