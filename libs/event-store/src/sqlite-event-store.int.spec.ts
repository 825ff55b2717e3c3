import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';
import { describeEventStoreContract } from './testing/event-store.contract';

const tempDir = () => mkdtempSync(join(tmpdir(), 'policy-store-'));

describeEventStoreContract(
  'SQLite',
  async () => {
    const dir = tempDir();
    return {
      store: new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { contiguousPositions: true },
);

describe('SqliteEventStore', () => {
  describe('with two connections to one file (as api and publisher processes have)', () => {
    it('sees the other connection’s appends through the live subscription, by polling', async () => {
      const dir = tempDir();
      const file = join(dir, 'events.sqlite');
      const writer = new SqliteEventStore(file);
      const reader = new SqliteEventStore(file, { pollIntervalMs: 20 });
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
      rmSync(dir, { recursive: true, force: true });
    });
  });
});
