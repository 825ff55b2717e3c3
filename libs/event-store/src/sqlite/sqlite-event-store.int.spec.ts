import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError } from '@policy/domain';
import { AppendResult } from '../event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { waitFor } from '@policy/common/testing';
import type { LogRow } from '../log-scan.port';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

const newDir = () => mkdtempSync(join(tmpdir(), 'policy-store-'));

describeEventStoreContract(
  'SQLite',
  async () => {
    const dir = newDir();
    return {
      store: new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { contiguousPositions: true },
);

describe('SqliteEventStore', () => {
  // What a test opened is closed after it, passed or failed: a failing test leaves no writer
  // thread or temporary directory behind (closing a store twice is a no-op).
  let stores: SqliteEventStore[] = [];
  let dirs: string[] = [];
  const tempDir = () => {
    const dir = newDir();
    dirs.push(dir);
    return dir;
  };
  /** The path of a log file in a directory of its own. */
  const tempFile = () => join(tempDir(), 'events.sqlite');
  const openStore = (file: string, options?: SqliteEventStoreOptions) => {
    const store = new SqliteEventStore(file, options);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    const [closing, removing] = [stores, dirs];
    [stores, dirs] = [[], []];
    try {
      await Promise.all(closing.map((store) => store.close()));
    } finally {
      for (const dir of removing) rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('group commit', () => {
    it('given appends made together, commits them together, and one refused append fails alone', async () => {
      const file = tempFile();
      const store = openStore(file);
      const event = (id: string) => ({ eventId: id, type: 'T', data: { id }, metadata: {} });
      await store.append('policy-rule-taken', [event('taken-0')], { expectedRevision: 'no-stream' });
      const before = (await store.headPosition())!;

      // When: five appends in one turn of the event loop, so in one transaction; two are refused,
      // one of them after its first event was already inserted (a duplicate id in second place).
      const outcomes = await Promise.allSettled([
        store.append('policy-rule-a', [event('a-0'), event('a-1')], { expectedRevision: 'no-stream' }),
        store.append('policy-rule-taken', [event('stale')], { expectedRevision: 'no-stream' }),
        store.append('policy-rule-b', [event('b-0'), event('a-0')], { expectedRevision: 'no-stream' }),
        store.append('policy-rule-a', [event('a-2')], { expectedRevision: 1n }),
        store.append('policy-rule-c', [event('c-0')], { expectedRevision: 'any' }),
      ]);

      // Then: each answered on its own, in order, and the log holds the others without a hole.
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
      for (const i of [1, 2]) expect((outcomes[i] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((outcomes[0] as PromiseFulfilledResult<AppendResult>).value).toEqual({ nextRevision: 1n, position: before + 2n });
      expect((outcomes[3] as PromiseFulfilledResult<AppendResult>).value).toEqual({ nextRevision: 2n, position: before + 3n });
      expect((outcomes[4] as PromiseFulfilledResult<AppendResult>).value).toEqual({ nextRevision: 0n, position: before + 4n });
      const log = await store.readAll({ fromPosition: before });
      expect(log.map((e) => e.eventId)).toEqual(['a-0', 'a-1', 'a-2', 'c-0']);
      expect(log.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n].map((n) => before + n));
      expect(await store.readStream('policy-rule-b')).toEqual([]);
      await store.close();
    });

    it('commits appends still queued when it is closed', async () => {
      const file = tempFile();
      const store = openStore(file);
      const pending = store.append('policy-rule-late', [{ eventId: 'late', type: 'T', data: {}, metadata: {} }], {
        expectedRevision: 'no-stream',
      });
      await store.close();
      await expect(pending).resolves.toEqual({ nextRevision: 0n, position: 1n });
      const reopened = openStore(file);
      expect((await reopened.readStream('policy-rule-late')).map((e) => e.eventId)).toEqual(['late']);
      await reopened.close();
    });
  });

  describe('when another process holds the write lock past the busy timeout', () => {
    it('refuses the appends waiting for it with the driver error, stores none of them, and takes appends again once the lock is gone', async () => {
      const file = tempFile();
      const store = openStore(file);
      await store.append('policy-rule-before', [{ eventId: 'before', type: 'T', data: {}, metadata: {} }], {
        expectedRevision: 'no-stream',
      });
      const other = new Database(file);
      other.exec('BEGIN IMMEDIATE');
      try {
        const blocked = await Promise.allSettled([
          store.append('policy-rule-blocked', [{ eventId: 'blocked-0', type: 'T', data: {}, metadata: {} }], {
            expectedRevision: 'no-stream',
          }),
          store.append('policy-rule-blocked-too', [{ eventId: 'blocked-1', type: 'T', data: {}, metadata: {} }], {
            expectedRevision: 'no-stream',
          }),
        ]);
        for (const outcome of blocked) {
          expect(outcome.status).toBe('rejected');
          expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
        }
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      await expect(
        store.append('policy-rule-after', [{ eventId: 'after', type: 'T', data: {}, metadata: {} }], { expectedRevision: 'no-stream' }),
      ).resolves.toEqual({ nextRevision: 0n, position: 2n });
      expect((await store.readAll()).map((e) => e.eventId)).toEqual(['before', 'after']);
      await store.close();
    }, 20_000);
  });

  describe('in a process that ends when its work is done (a CLI)', () => {
    it('runs what follows close(), with the append committed, though the writer thread is idle', () => {
      // A child process, because what is tested is that the process does not end early.
      const built = join(__dirname, '../../../../dist/libs/event-store/src/index.js');
      if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
      const file = tempFile();
      const script = `
        const { SqliteEventStore } = require(${JSON.stringify(built)});
        (async () => {
          const store = new SqliteEventStore(${JSON.stringify(file)});
          await store.append('policy-rule-cli', [{ eventId: 'cli', type: 'T', data: {}, metadata: {} }], { expectedRevision: 'no-stream' });
          await store.close();
          process.stdout.write('after close');
        })();`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('after close');
    });
  });

  describe('when closed', () => {
    it('refuses appends and checkpoint saves instead of reopening the file', async () => {
      const file = tempFile();
      const store = openStore(file);
      await store.checkpoints.save('relay', 0n);
      await store.close();
      await expect(
        store.append('policy-rule-late', [{ eventId: 'late', type: 'T', data: {}, metadata: {} }], { expectedRevision: 'any' }),
      ).rejects.toThrow('closed');
      await expect(store.checkpoints.save('relay', 1n)).rejects.toThrow('closed');
      const reopened = openStore(file);
      expect(await reopened.checkpoints.load('relay')).toBe(0n);
      expect(await reopened.readAll()).toEqual([]);
      await reopened.close();
    });
  });

  describe('followed as stored rows (the ledger follows the log so)', () => {
    it('delivers each row once, in position order, with the stored canonical text, across catch-up and live', async () => {
      const store = openStore(tempFile(), { pageSize: 2 });
      const append = (i: number) =>
        store.append('policy-rule-x', [{ eventId: `e${i}`, type: 'T', data: { z: i, a: 'ü' }, metadata: { actor: 'key:a' } }], {
          expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1),
        });
      for (let i = 0; i < 3; i++) await append(i);
      const rows: LogRow[] = [];
      const caughtUp: (bigint | undefined)[] = [];
      const subscription = store.logScan!.subscribeRows({
        fromPosition: 1n,
        onEvent: (row) => void rows.push(row),
        onCaughtUp: (position) => void caughtUp.push(position),
      });
      await waitFor('the catch-up', async () => caughtUp.length > 0, { timeoutMs: 5000 });
      for (let i = 3; i < 5; i++) await append(i);
      await waitFor('the live rows', async () => rows.length === 4, { timeoutMs: 5000 });
      await subscription.close();
      expect(rows.map((row) => row[0])).toEqual([2, 3, 4, 5]);
      expect(rows[0]).toEqual([2, 'policy-rule-x', 1, 'e1', 'T', '{"a":"ü","z":1}', '{"actor":"key:a"}']);
      expect(caughtUp[0]).toBe(3n);
    });
  });

  describe('with two connections to one file (as api and publisher processes have)', () => {
    it('sees the other connection’s appends through the live subscription, by polling', async () => {
      const file = tempFile();
      const writer = openStore(file);
      const reader = openStore(file, { pollIntervalMs: 20 });
      const seen: bigint[] = [];
      const subscription = reader.subscribe({ onEvent: (e) => void seen.push(e.position) });
      for (let i = 0; i < 5; i++) {
        await writer.append('policy-rule-x', [{ eventId: `e${i}`, type: 'T', data: {}, metadata: {} }], {
          expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1),
        });
      }
      const deadline = Date.now() + 5000;
      while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await subscription.close();
      expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
      await writer.close();
      await reader.close();
    });
  });
});
