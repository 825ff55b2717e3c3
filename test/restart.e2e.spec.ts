import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { client, h200, newDataDir, runToExit, startService } from './support/service';

describe('Durability', () => {
  it('keeps every answered event through kill -9, and rebuilds the same answers', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir });
    const api = client(first.url);
    const answered: number[] = [];
    for (let i = 0; i < 20; i++) {
      const proposed = await api.post('/rules', h200(`durable-${i}`, '2025-11-24'));
      answered.push(proposed.body.position);
      if (i % 2 === 0) answered.push((await api.post(`/rules/durable-${i}/approve`, { effectiveAt: '2025-12-08' })).body.position);
    }
    // Writes still in flight when the process dies may or may not be stored; answered ones must be.
    const inFlight = Array.from({ length: 10 }, (_, i) => api.post('/rules', h200(`in-flight-${i}`)).catch(() => undefined));
    const questions = [
      '/rules?limit=1000',
      '/rules?asOf=2025-12-01&limit=1000',
      '/rules/durable-4?asOf=2025-11-30',
      '/changes?from=2025-12-01&to=2025-12-31',
    ];
    const before = await Promise.all(questions.map((q) => api.get(q)));
    await first.kill();
    await Promise.all(inFlight);

    const second = await startService({ dataDir });
    const log = await client(second.url).get('/events?limit=1000');
    const positions = log.body.events.map((e: { position: number }) => e.position);
    for (const position of answered) expect(positions).toContain(position);
    expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));
    const after = await Promise.all(questions.map((q) => client(second.url).get(q)));
    const survivors = (page: { rules: { ruleId: string }[] }) => page.rules.filter((r) => r.ruleId.startsWith('durable-'));
    expect(survivors(after[0].body)).toEqual(survivors(before[0].body));
    expect(survivors(after[1].body)).toEqual(survivors(before[1].body));
    expect(after[2].body.rule).toEqual(before[2].body.rule);
    expect(after[3].body.changes).toEqual(before[3].body.changes);
    await second.stop();

    // The read model is disposable: delete it and the next start rebuilds the same answers.
    rmSync(join(dataDir, 'read-model.sqlite'), { force: true });
    rmSync(join(dataDir, 'read-model.sqlite-wal'), { force: true });
    rmSync(join(dataDir, 'read-model.sqlite-shm'), { force: true });
    const third = await startService({ dataDir });
    const rebuilt = await Promise.all(questions.map((q) => client(third.url).get(q)));
    expect(rebuilt.map((r) => withoutClocks(r.body))).toEqual(after.map((r) => withoutClocks(r.body)));
    await third.stop();
  });

  it('refuses to start on a bad setting, naming it', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['EVENT_STORE', 'postgres'],
      ['POLICY_ADMIN_KEY', 'short'],
      ['LOG_LEVEL', 'loud'],
      ['KAFKA_BROKERS', 'no-port'],
    ]) {
      const result = runToExit({ [name]: value });
      expect(result.status).toBe(1);
      expect(result.output).toContain(name);
    }
    const kurrent = runToExit({ EVENT_STORE: 'kurrentdb' });
    expect(kurrent.output).toContain('KURRENTDB_CONNECTION_STRING');
  });
});

/** Answers that default asOf/knownAt to "now" differ only in those two fields. */
const withoutClocks = ({ asOf: _asOf, knownAt: _knownAt, ...rest }: Record<string, unknown>) => rest;
