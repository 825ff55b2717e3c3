import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_KEY, client, eventually, h200, RunningService, startService } from './support/service';

const VERIFY = resolve(__dirname, '../dist/apps/api/src/verify.cli.js');
const RULES = ['tamper-a', 'tamper-b', 'tamper-c'];

/** `npm run verify -- <args>` on the built CLI: its exit code and what it printed. */
const verify = (...args: string[]): { status: number | null; output: string } => {
  const result = spawnSync(process.execPath, [VERIFY, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** Runs `sql` on the log file of a copy of `dataDir`, as someone with write access to the disk would. */
const tampered = (dataDir: string, sql: string): string => {
  const copy = mkdtempSync(join(tmpdir(), 'policy-tamper-'));
  cpSync(dataDir, copy, { recursive: true });
  const db = new Database(join(copy, 'events.sqlite'));
  db.exec(sql);
  db.close();
  return copy;
};

describe('Proving the log', () => {
  let service: RunningService;
  let dataDir: string;
  const work = mkdtempSync(join(tmpdir(), 'policy-verify-'));
  const saved = join(work, 'saved.txt');
  let head = 0;

  beforeAll(async () => {
    service = await startService();
    dataDir = service.dataDir;
    const api = client(service.url);
    for (const id of RULES) {
      expect((await api.post('/rules', h200(id))).status).toBe(201);
      expect((await api.post(`/rules/${id}/approve`, { effectiveAt: '2025-12-08' })).status).toBe(200);
    }
    head = RULES.length * 2;
    await eventually(
      async () => {
        const note = await (await fetch(`${service.url}/ledger/checkpoint`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
        return Number(note.split('\n')[1]) >= head ? note : undefined;
      },
      'a checkpoint of the whole log',
      20_000,
    );
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe('when nothing was changed', () => {
    it('holds over HTTP, saves the checkpoint, and holds on the stopped service files against it', async () => {
      const online = verify('--url', service.url, '--api-key', ADMIN_KEY, '--save', saved);
      expect(online).toMatchObject({ status: 0 });
      expect(online.output).toMatch(new RegExp(`^ok: policy-ledger.local/log, ${head} leaves, root `));
      await service.stop();

      const offline = verify('--data-dir', dataDir, '--checkpoint', saved);
      expect(offline.status).toBe(0);
      expect(offline.output).toMatch(/consistent with the saved checkpoint/);
    });
  });

  describe('when the SQLite log was edited behind the service', () => {
    it.each([
      ['an edited event', `UPDATE events SET data = json_set(data, '$.reason', 'forged') WHERE position = 3`, 3, 'edited'],
      ['a deleted event', 'DELETE FROM events WHERE position = 2', 2, 'deleted'],
      [
        'two swapped events',
        'UPDATE events SET position = CASE position WHEN 2 THEN -4 ELSE -2 END WHERE position IN (2, 4); UPDATE events SET position = -position WHERE position < 0',
        2,
        'swapped',
      ],
      ['a truncated tail', 'DELETE FROM events WHERE position > 4', 5, 'truncated'],
    ])('catches %s, naming its position', (_case, sql, position, problem) => {
      const copy = tampered(dataDir, sql);

      const result = verify('--data-dir', copy, '--checkpoint', saved);

      expect(result.status).toBe(1);
      expect(result.output).toMatch(new RegExp(`^FAIL at position ${position} \\(${problem}\\)`));
    });

    it('catches an edit through the restarted service as well', async () => {
      const copy = tampered(dataDir, `UPDATE events SET data = json_set(data, '$.reason', 'forged') WHERE position = 5`);
      const restarted = await startService({ dataDir: copy });
      try {
        const result = verify('--url', restarted.url, '--api-key', ADMIN_KEY);
        expect(result.status).toBe(1);
        expect(result.output).toMatch(/^FAIL at position 5 \(edited\)/);
      } finally {
        await restarted.stop();
      }
    });
  });

  describe('when history was rewritten and the tree built again from it', () => {
    it('catches the fork against the saved checkpoint, though the new checkpoint is validly signed', async () => {
      // Rewritten in place, so the text stays canonical JSON, as a careful forger would keep it.
      const copy = tampered(dataDir, `UPDATE events SET data = json_set(data, '$.terms.jurisdiction', 'EU') WHERE position = 3`);
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(copy, `ledger.sqlite${suffix}`), { force: true });
      const forked = await startService({ dataDir: copy });
      try {
        await eventually(
          async () => {
            const note = await (
              await fetch(`${forked.url}/ledger/checkpoint`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
            ).text();
            return Number(note.split('\n')[1]) >= head ? note : undefined;
          },
          'the rebuilt tree signed',
          20_000,
        );
        expect(verify('--url', forked.url, '--api-key', ADMIN_KEY).status).toBe(0);

        const result = verify('--url', forked.url, '--api-key', ADMIN_KEY, '--checkpoint', saved);

        expect(result.status).toBe(1);
        expect(result.output).toMatch(new RegExp(`^FAIL at position ${head} \\(fork\\): .*at or before position ${head}`));
      } finally {
        await forked.stop();
      }
    });
  });
});
