import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { LEDGER_CHECKPOINTS_TOPIC } from '@policy/messaging';
import { openNoteIndependently } from '../apps/api/src/ledger/testing/independent-checks';
import { ADMIN_KEY, client, eventually, RunningService, startService } from './support/service';

const brokers = process.env.KAFKA_BROKERS;

describe('Ledger checkpoints on Kafka (KAFKA_BROKERS set)', () => {
  const origin = `e2e-${randomUUID().slice(0, 8)}.local/log`;
  let service: RunningService;
  const kafka = new Kafka({ clientId: 'ledger-e2e', brokers: (brokers ?? '').split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `ledger-e2e-${randomUUID()}` });
  const seen: { key: string; value: { origin: string; treeSize: number; checkpoint: string } }[] = [];

  beforeAll(async () => {
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup starts a broker (test/setup/kafka.global-setup.cjs)');
    service = await startService({ env: { KAFKA_BROKERS: brokers, POLICY_LEDGER_ORIGIN: origin } });
  });
  afterAll(async () => {
    await consumer.disconnect();
    await service?.stop();
  });

  it('publishes each new signed checkpoint to the compacted topic, keyed by the origin', async () => {
    const api = client(service.url);
    // Catalogue events, not rule events: the log grows without adding rules to the shared rule
    // topics, which another spec compares with its own service's rules.
    for (const product of ['LEDGER-A', 'LEDGER-B']) {
      const classified = await api.post('/catalogue/products', {
        vendor: 'NVIDIA',
        product,
        family: 'Blackwell',
        effectiveAt: '2020-01-01',
      });
      expect(classified.status).toBe(201);
    }
    const key = await (await fetch(`${service.url}/ledger/key`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();

    const admin = kafka.admin();
    await admin.connect();
    // The topic exists once the service has published its first checkpoint.
    await eventually(async () => ((await admin.listTopics()).includes(LEDGER_CHECKPOINTS_TOPIC) ? true : undefined), 'the topic', 30_000);
    await consumer.connect();
    await consumer.subscribe({ topic: LEDGER_CHECKPOINTS_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push({ key: String(message.key), value: JSON.parse(String(message.value)) }),
    });
    const latest = await eventually(
      async () => seen.filter((m) => m.key === origin).find((m) => m.value.treeSize >= 2),
      'a checkpoint of both classifications on Kafka',
      30_000,
    );

    expect(latest.value.origin).toBe(origin);
    expect(openNoteIndependently(latest.value.checkpoint, key)).toMatchObject({ origin, size: latest.value.treeSize });
    const configs = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: LEDGER_CHECKPOINTS_TOPIC, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    expect(configs.resources[0]!.configEntries[0]).toMatchObject({ configName: 'cleanup.policy', configValue: 'compact' });
  });
});
