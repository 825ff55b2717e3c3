import { SqliteBulkLoader, SqliteEventStore } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as LogLeaves from '../apps/api/src/ledger/log-leaves';

// The leaf hashing thread exists only in the build (dist/), as the service runs it: this spec
// loads the built module, whose worker file sits beside it.
const BUILT_MODULE = join(resolve(__dirname, '..'), 'dist/apps/api/src/ledger/log-leaves.js');
/** Twenty batches of the thread's 4,096: more than it may hash ahead of the inserts (16). */
const EVENTS = 80_000;

describe('The tree build on a second thread', () => {
  let dir: string;
  let store: SqliteEventStore;
  let BUILT: typeof LogLeaves;
  const leavesOf = async (thread: boolean) => {
    const leaves: { position: number; hash: string }[] = [];
    const count = await BUILT.scanLeaves(
      store,
      0,
      (batch) => leaves.push(...batch.map((l) => ({ position: l.position, hash: l.hash.toString('hex') }))),
      {
        thread,
      },
    );
    return { count, leaves };
  };

  beforeAll(async () => {
    BUILT = (await import(BUILT_MODULE)) as typeof LogLeaves;
    dir = mkdtempSync(join(tmpdir(), 'policy-ledger-thread-'));
    const loader = new SqliteBulkLoader(join(dir, 'events.sqlite'));
    for (let i = 0; i < EVENTS; i++) {
      loader.add({
        streamId: `policy-rule-r${i % 977}`,
        revision: Math.floor(i / 977),
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        type: 'RuleAmended',
        data: { ruleId: `r${i % 977}`, note: `change ${i}`, δ: 'ü' },
        metadata: { actor: 'key:test' },
        createdAt: '2026-12-03T00:00:00.000Z',
      });
    }
    loader.close();
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands over the same leaves, in the same order, as hashing on the calling thread', async () => {
    const inline = await leavesOf(false);
    const threaded = await leavesOf(true);
    expect(inline.count).toBe(EVENTS);
    expect(threaded.count).toBe(EVENTS);
    expect(threaded.leaves.map((l) => l.position)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(threaded.leaves).toEqual(inline.leaves);
  });

  it('waits for slow inserts instead of hashing the whole log ahead, and loses nothing', async () => {
    const inline = await leavesOf(false);
    const leaves: string[] = [];
    const count = await BUILT.scanLeaves(
      store,
      0,
      (batch) => {
        // A slow disk: each batch takes 100 ms to insert (the thread hashes one in about 20), so the thread reaches its limit and waits.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        leaves.push(...batch.map((l) => l.hash.toString('hex')));
      },
      { thread: true },
    );
    expect(count).toBe(EVENTS);
    expect(leaves).toEqual(inline.leaves.map((l) => l.hash));
  });

  it('stops the thread when aborted, with nothing handed over after the abort', async () => {
    const stop = new AbortController();
    let batches = 0;
    const scan = BUILT.scanLeaves(
      store,
      0,
      () => {
        batches++;
        if (batches === 2) stop.abort(new Error('the ledger stopped'));
      },
      { thread: true, signal: stop.signal },
    );
    await expect(scan).rejects.toThrow('the ledger stopped');
    expect(batches).toBe(2);
  });

  it('goes on without the thread when the thread fails, handing over every leaf once', async () => {
    const inline = await leavesOf(false);
    // The same store, but the thread is sent to a file that is not there (as if it could not open the log).
    const broken = Object.create(store, {
      logScan: { value: { ...store.logScan!, source: { kind: 'sqlite', file: join(dir, 'missing', 'events.sqlite') } } },
    }) as SqliteEventStore;
    const failures: string[] = [];
    const leaves: { position: number; hash: string }[] = [];
    const count = await BUILT.scanLeaves(
      broken,
      0,
      (batch) => leaves.push(...batch.map((l) => ({ position: l.position, hash: l.hash.toString('hex') }))),
      {
        thread: true,
        onThreadFailed: (failure) => failures.push(failure.message),
      },
    );
    expect(failures).toEqual([expect.stringMatching(/^the leaf hashing thread failed: /)]);
    expect(count).toBe(EVENTS);
    expect(leaves).toEqual(inline.leaves);
  });

  it('stops the thread and rejects when the tree refuses a batch (a full disk, say)', async () => {
    let batches = 0;
    const refused = BUILT.scanLeaves(
      store,
      0,
      () => {
        batches++;
        throw new Error('SQLITE_FULL: database or disk is full');
      },
      { thread: true },
    );
    await expect(refused).rejects.toThrow('SQLITE_FULL');
    expect(batches).toBe(1);
  });
});
