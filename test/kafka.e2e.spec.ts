import { silentLogger } from '@policy/messaging';
import { ExampleSubscriber, startExampleSubscriber } from '../apps/example-subscriber/src/main';
import { client, eventually, RunningService, seedHistory, startService } from './support/service';

const brokers = process.env.KAFKA_BROKERS;

describe('The api relaying to Kafka (KAFKA_BROKERS set)', () => {
  let service: RunningService;
  let example: ExampleSubscriber | undefined;

  beforeAll(async () => {
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup starts a broker (test/setup/kafka.global-setup.cjs)');
    service = await startService({ env: { KAFKA_BROKERS: brokers } });
  });
  afterAll(async () => {
    await example?.stop();
    await service?.stop();
  });

  it('after a seeded run, the example subscriber’s view equals GET /rules', async () => {
    expect(seedHistory(service.url).stdout).toContain('seeded 17 events on 10 rules');
    const api = client(service.url);
    const health = await eventually(
      async () => {
        const answer = await api.get('/health');
        return answer.body.components.kafka?.lag.events === 0 ? answer : undefined;
      },
      'the relay to publish the seeded history',
      30_000,
    );
    expect(health.status).toBe(200);
    expect(health.body.components.kafka).toMatchObject({ ok: true, connected: true });

    example = await startExampleSubscriber(
      {
        KAFKA_BROKERS: brokers!.split(','),
        PORT: 0,
        HOST: '127.0.0.1',
        KAFKA_TOPIC_RULE_EVENTS: 'policy.rule-events.v1',
        KAFKA_TOPIC_RULE_STATE: 'policy.rule-state.v1',
        START_FROM_STATE: true,
      },
      silentLogger,
    );
    const ledger = (await api.get('/rules?limit=1000')).body.rules;
    expect(ledger).toHaveLength(10);
    const byId = (rules: { ruleId: string }[]) => [...rules].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    expect(byId(example.view.list({}))).toEqual(byId(ledger));

    // A change made now reaches the subscriber's view too.
    await api.post('/rules/us-amd-intel-cn-2025/approve', { effectiveAt: '2025-12-15' });
    await eventually(
      async () => (example!.view.get('us-amd-intel-cn-2025')?.status === 'approved' ? true : undefined),
      'the approval on Kafka',
    );
  });

  it('serves the published message contracts at /schemas', async () => {
    const schemas = await client(service.url, undefined).get('/schemas');
    expect(schemas.status).toBe(200);
    expect(Object.keys(schemas.body)).toEqual(['policy.rule-events.v1', 'policy.rule-events.v1.data', 'policy.rule-state.v1']);
  });
});
