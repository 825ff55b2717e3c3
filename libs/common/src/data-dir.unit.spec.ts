import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureDataDir } from './data-dir';

describe('secureDataDir', () => {
  let root: string;
  const mode = (path: string) => statSync(path).mode & 0o777;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'policy-data-dir-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing directory readable by its owner only', () => {
    const dir = join(root, 'data');
    secureDataDir(dir, { umask: false });

    expect(mode(dir)).toBe(0o700);
  });

  it('tightens a directory and files an older release left open to every local user', () => {
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'keys.sqlite'), '', { mode: 0o644 });
    mkdirSync(join(dir, 'parts'), { mode: 0o755 });

    secureDataDir(dir, { umask: false });

    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'keys.sqlite'))).toBe(0o600);
    expect(mode(join(dir, 'parts'))).toBe(0o700);
  });
});
