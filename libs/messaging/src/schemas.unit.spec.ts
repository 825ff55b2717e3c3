import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageJsonSchemas, schemaFileName } from './generate-schemas';
import { RULE_EVENT_DATA_SCHEMA } from './cloud-event';
import { RULE_EVENTS_TOPIC, RULE_STATE_TOPIC } from './topics';

const SCHEMAS_DIR = join(__dirname, '..', '..', '..', 'schemas');

describe('shipped JSON Schemas', () => {
  it.each([RULE_EVENTS_TOPIC, RULE_EVENT_DATA_SCHEMA, RULE_STATE_TOPIC] as const)(
    'schemas/%s.json is what the zod schemas generate',
    (topic) => {
      const shipped = JSON.parse(readFileSync(join(SCHEMAS_DIR, schemaFileName(topic)), 'utf8'));
      // On failure: npm run build && node dist/libs/messaging/src/generate-schemas.js
      expect(shipped).toEqual(messageJsonSchemas()[topic]);
    },
  );

  it('describe instants as the normalised UTC strings that are published', () => {
    const events = messageJsonSchemas()[RULE_EVENTS_TOPIC] as { properties: Record<string, object> };
    expect(events.properties.time).toMatchObject({ type: 'string', format: 'date-time', pattern: expect.stringContaining('\\.\\d{3}Z$') });
  });

  it('leave CloudEvents open to extension attributes but keep domain data closed', () => {
    const events = messageJsonSchemas()[RULE_EVENTS_TOPIC] as {
      additionalProperties?: boolean;
      properties: { data: { oneOf: { properties: { data: { additionalProperties?: boolean } } }[] } };
    };
    expect(events.additionalProperties).toBeUndefined();
    expect(events.properties.data.oneOf).toHaveLength(5);
    for (const variant of events.properties.data.oneOf) expect(variant.properties.data.additionalProperties).toBe(false);
  });
});
